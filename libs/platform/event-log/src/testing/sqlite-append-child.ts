/**
 * A child process for the SQLite event log's crash and multi-process proofs
 * (sqlite-event-log.int.spec.ts). Run from the repository root:
 *
 *   node -r ./tools/register.js libs/platform/event-log/src/testing/sqlite-append-child.ts load <file>
 *     Appends forever — sequential single appends at exact revisions, then concurrent batches to
 *     distinct streams (group commit) — and prints `ACK <eventId> <revision>` for each event the
 *     moment its append promise resolves. The parent SIGKILLs it mid-load.
 *
 *   ... contend <file> <streamId> <appends>
 *     Prints READY, waits for GO on stdin, then makes <appends> successful appends to ONE stream
 *     shared with other processes: read the revision, append at it, on WrongExpectedRevisionError
 *     read again and retry. Prints `ACK <eventId> <revision>` per acknowledged event and finally
 *     `DONE <acknowledged events> <conflicts>`.
 *
 * stdout to a pipe is synchronous on Linux, so a printed acknowledgement has left the process.
 */
import { EventToAppend, newId } from '@hw/platform/core';
import { WrongExpectedRevisionError } from '../event-log.port';
import { SqliteEventLog } from '../sqlite-event-log';

const event = (n: number): EventToAppend => ({
  id: newId(),
  type: 'LoadApplied',
  schemaVersion: 1,
  data: { n, pid: process.pid },
  metadata: {
    correlationId: newId(),
    principal: { kind: 'system', id: 'sqlite-append-child' },
    occurredAt: new Date().toISOString(),
  },
});

/** `ACK <eventId> <revision>`: the revision the event must hold, given the expected revision it was appended at. */
const ack = (events: EventToAppend[], expected: bigint | undefined): void => {
  const first = (expected ?? -1n) + 1n;
  process.stdout.write(events.map((e, i) => `ACK ${e.id} ${first + BigInt(i)}\n`).join(''));
};

async function load(file: string): Promise<void> {
  const log = new SqliteEventLog({ file });
  const revisions = new Map<string, bigint>();
  const streams = Array.from({ length: 40 }, (_, i) => `load-${process.pid}-${i}`);
  let n = 0;
  const appendTo = async (stream: string, count: number): Promise<void> => {
    const batch = Array.from({ length: count }, () => event(n++));
    const current = revisions.get(stream);
    // Reserve the revisions before awaiting, so concurrent appends to distinct streams stay exact.
    revisions.set(stream, (current ?? -1n) + BigInt(count));
    await log.append(stream, batch, current === undefined ? 'no_stream' : current);
    ack(batch, current);
  };
  for (let round = 0; ; round++) {
    // Sequential single appends, each awaited (one commit each).
    for (let i = 0; i < 10; i++) await appendTo(streams[(round + i) % 10], 1);
    // Concurrent appends to distinct streams, some with several events (one group commit).
    await Promise.all(streams.slice(10).map((stream, i) => appendTo(stream, 1 + (i % 3))));
  }
}

async function contend(file: string, streamId: string, appends: number): Promise<void> {
  const log = new SqliteEventLog({ file });
  process.stdout.write('READY\n');
  await new Promise<void>((resolve) => {
    let input = '';
    process.stdin.on('data', (chunk) => {
      input += String(chunk);
      if (input.includes('GO')) resolve();
    });
  });
  let acknowledged = 0;
  let conflicts = 0;
  for (let i = 0; i < appends; i++) {
    const batch = Array.from({ length: i % 5 === 4 ? 2 : 1 }, () => event(i));
    for (;;) {
      const revision = await log.streamRevision(streamId);
      try {
        await log.append(streamId, batch, revision === undefined ? 'no_stream' : revision);
        ack(batch, revision);
        acknowledged += batch.length;
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        conflicts++;
      }
    }
  }
  process.stdout.write(`DONE ${acknowledged} ${conflicts}\n`);
  await log.close();
  process.stdin.destroy();
}

const [mode, file, streamId, appends] = process.argv.slice(2);
const main = mode === 'load' ? load(file) : mode === 'contend' ? contend(file, streamId, Number(appends)) : undefined;
if (!main) {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
main.catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
