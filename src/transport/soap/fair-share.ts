/**
 * Shares the event loop between the parsing of large messages and the other requests. A large
 * message is parsed in turns of about a millisecond (formats/xml/parse.ts parseXmlYielding);
 * between turns it gives way: while other requests are in flight it pauses four times as long as
 * its turn took, so that one client sending the largest messages the limits allow takes at most
 * about a fifth of the process and the others keep their pace (the parsing budget counts CPU
 * time, so the pauses never refuse a message); alone, it only lets pending I/O run.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/** Pause per millisecond of parsing while others are in flight: the large message gets 1 / (1 + this) of the loop. */
const PAUSE_PER_TURN = 4;

export class FairShare {
  private inFlight = 0;

  /**
   * Counts a request as in flight.
   * @returns what to call once the request is done (calling it twice is harmless)
   */
  enter(): () => void {
    this.inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight--;
    };
  }

  /**
   * Gives way after a parsing turn.
   * @param turnMs - how long the turn took
   * @returns once the message may go on
   */
  readonly giveWay = async (turnMs: number): Promise<void> => {
    if (this.inFlight > 1) await sleep(Math.max(1, Math.ceil(PAUSE_PER_TURN * turnMs)));
    else await nextTurn();
  };
}
