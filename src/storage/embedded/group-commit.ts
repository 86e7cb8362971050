/**
 * The single writer of an embedded store. Work items queue up while a batch is being written;
 * when the batch is done, everything that queued meanwhile becomes the next batch. So N
 * concurrent commits cost one write and one fdatasync, not N, while a lone commit is not
 * delayed by any timer. Batches run strictly one after another, which also makes each batch's
 * check-and-apply atomic with respect to every other commit.
 */
export class GroupCommitter<T> {
  private queue: T[] = [];
  private running: Promise<void> | undefined;

  /**
   * @param flush - writes one batch; must settle every item itself and never reject
   * @param maxBatch - the largest batch handed to `flush` at once
   */
  constructor(private readonly flush: (batch: T[]) => Promise<void>, private readonly maxBatch = 2048) {}

  /**
   * Queues an item; starts a batch unless one is running.
   * @param item - the work item, which carries its own way to report the outcome
   */
  submit(item: T): void {
    this.queue.push(item);
    if (!this.running) this.running = this.drain();
  }

  /** Resolves when every item queued so far has been flushed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the current tick's synchronous submissions join the first batch.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
        this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
        await this.flush(batch);
      }
    } finally {
      this.running = undefined;
      // A flush that broke its promise not to reject must not strand the items behind it.
      if (this.queue.length > 0) this.running = this.drain();
    }
  }
}
