import { generateKeyPairSync } from 'node:crypto';
import { RecordedEvent } from '@hw/platform/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { ConfigError, Infrastructure, loadConfig, PlatformConfig, ServiceDefinition } from '@hw/platform/nest';
import { Revealer, revealable, sealedBodies } from './reveal';
import { describeError } from '@hw/platform/projections';
import { buildBundle, fingerprint, signingKeyFrom, subjectEvents, UsageError, verifyBundle } from './bundle';
import { OpsContext } from './context';
import { recordOperatorAction } from './operations-log';
import { Output, processOutput, toJson } from './output';
import { readOneStream, readStreamsWithPrefix, renderReplay } from './replay';
import { retryParked } from './retry';
import { LogVerdict, sealLog, verifyLog } from './log-chain';
import { rebuildBlueGreen, rebuildPlan, renderParity, renderPlan } from './rebuild';
import { rebuildProgress } from './progress';
import { findTarget, rebuildTargets } from './shadow';
import { renderStatus, status } from './status';

/**
 * Exit codes: 0 all good; 1 the command found a problem (status: beyond the head, parked or
 * stalled; verify: a bad event; retry-parked: events still parked); 2 usage or configuration;
 * 3 verify: the signature (or the trusted key) does not match.
 */
export const EXIT = { ok: 0, problem: 1, usage: 2, signature: 3 } as const;

export const USAGE = `usage: npm run ops -- <command> [options]

  status [--json] [--stall-seconds N]          log head; checkpoints, lag and parked events of every projection, relay and consumer
  stream <streamId> [--json]                   replay one stream in order (personal data as [sealed])
  streams --prefix <p> [--json]                replay every stream starting with <p>, in global order
     … --reveal --operator <staff> --reason <why>  open registration's sealed personal data (recorded first, R-STF-2)
  retry-parked <name> --operator <who> --reason <why>
                                               re-apply a projection's or consumer's parked events (recorded)
  export seeker|registration <id> --operator <who> --reason <why> [--out <file>]
                                               signed audit bundle of every event about the subject (recorded)
  rebuild <read-model…>|--all --dry-run        the plan: events to replay, tables and their rows
  rebuild <read-model…>|--all [--promote] --operator <who> --reason <why>
                                               blue/green: build shadow tables from the log (consumers through their
                                               publishers' translation) while the live ones serve, compare row by row;
                                               --promote swaps them in one transaction (recorded)
  verify <bundle> [--public-key <pem file>]    check a bundle offline: order, chain, signature
  seal-log --operator <who> --reason <why>     extend the log's hash chain to the head and sign it (SQLite or KurrentDB; recorded)
  verify-log [--public-key <pem file>]         recompute the chain from the log; name the first edited, deleted, inserted or moved row
  keygen                                       print a new Ed25519 private key (PEM) for OPS_SIGNING_KEY

configuration: the services' (EVENT_LOG, DATA_DIR, READ_DB, DATABASE_URL, BUS, KAFKA_BROKERS …) plus OPS_SIGNING_KEY`;

export interface RunOptions {
  /** Every service's definition, built from the service modules against this process's infrastructure. */
  definitions: (infra: Infrastructure) => ServiceDefinition[];
  /** Opens registration's sealed personal data for --reveal (the app wires registration's key store). */
  revealer?: (config: PlatformConfig) => Revealer;
  env?: NodeJS.ProcessEnv;
  output?: Output;
  now?: () => Date;
}

const OPTIONS = {
  json: { type: 'boolean' },
  prefix: { type: 'string' },
  operator: { type: 'string' },
  reason: { type: 'string' },
  out: { type: 'string' },
  'public-key': { type: 'string' },
  'stall-seconds': { type: 'string' },
  'dry-run': { type: 'boolean' },
  compare: { type: 'boolean' },
  promote: { type: 'boolean' },
  all: { type: 'boolean' },
  reveal: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** Runs one command; resolves to its exit code (the app exits with it). */
export const runOps = async (argv: string[], options: RunOptions): Promise<number> => {
  const output = options.output ?? processOutput;
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, ...args] = parsed.positionals;
  const flags = parsed.values;
  if (!command || flags.help) {
    output.out(USAGE);
    return command || flags.help ? EXIT.ok : EXIT.usage;
  }
  try {
    // Offline commands: no configuration, no platform (an auditor's machine).
    if (command === 'verify') return verifyCommand(args, flags, output);
    if (command === 'keygen') {
      output.out(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trimEnd());
      return EXIT.ok;
    }
    if (command === 'verify-log') {
      const config = loadConfig(env);
      const trusted = flags['public-key'] ? readFileSync(flags['public-key'], 'utf8') : undefined;
      // The SQLite log is read as a file (no platform needed); KurrentDB through the event-log port.
      let verdict: LogVerdict;
      if (config.EVENT_LOG === 'sqlite') verdict = await verifyLog(config, trusted);
      else {
        const infra = await Infrastructure.create(config);
        try {
          verdict = await verifyLog(config, trusted, infra.log);
        } finally {
          await infra.close();
        }
      }
      if (flags.json) output.out(toJson(verdict));
      else if (verdict.ok)
        output.out(
          `log intact: ${verdict.verified} event(s) up to position ${verdict.sealedUpTo} match ${verdict.heads} signed head(s); ${verdict.unsealed} event(s) after it not sealed yet` +
            (verdict.streams
              ? `; every stream's chain in the events' metadata holds (${verdict.streams.verified} chained event(s), ${verdict.streams.unchained} without a link)`
              : ''),
        );
      else if (verdict.problem === 'unsealed') output.out(`log not verified: ${verdict.reason}`);
      else
        output.out(
          `LOG TAMPERED at position ${verdict.position}${verdict.eventId ? ` (event ${verdict.eventId})` : ''}: ${verdict.reason}; ${verdict.verified} event(s) before it verified`,
        );
      return verdict.ok ? EXIT.ok : EXIT.problem;
    }
    if (!['status', 'stream', 'streams', 'retry-parked', 'export', 'seal-log', 'rebuild'].includes(command))
      throw new UsageError(`unknown command ${command}`);
    const config = loadConfig(env);
    const infra = await Infrastructure.create(config);
    try {
      const tty = options.output === undefined && process.stderr.isTTY === true;
      const ctx: OpsContext = { config, infra, definitions: options.definitions(infra), output, now, tty };
      return await online(ctx, command, args, flags, env, options.revealer);
    } finally {
      await infra.close();
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      output.err(`${error.message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}`);
      return EXIT.usage;
    }
    // The class and the driver's code only: a database's message may quote event data.
    output.err(`ops ${command} failed: ${describeError(error)}`);
    return EXIT.problem;
  }
};

type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const required = (flags: Flags, name: 'operator' | 'reason', why: string): string => {
  const value = flags[name]?.trim();
  if (!value) throw new UsageError(`--${name} is required: ${why}`);
  return value;
};

/**
 * R-STF-2: a reveal is recorded — who, why, which seekers — before anything is opened; a
 * reveal that could not be recorded does not happen.
 */
const replay = async (
  ctx: OpsContext,
  events: RecordedEvent[],
  flags: Flags,
  what: string,
  makeRevealer?: (config: PlatformConfig) => Revealer,
): Promise<void> => {
  if (!flags.reveal) {
    for (const line of renderReplay(events, flags.json === true)) ctx.output.out(line);
    return;
  }
  if (!makeRevealer) throw new UsageError('--reveal is not available in this build');
  const operator = required(flags, 'operator', 'the staff member who reads the personal data (R-STF-2)');
  const reason = required(flags, 'reason', 'the purpose of the read (R-STF-2)');
  const seekers = revealable(events);
  const recorded = await recordOperatorAction(
    ctx.infra.log,
    { type: 'PersonalDataRevealed', data: { replayed: what, seekerIds: seekers, events: events.length } },
    { operator, reason, at: ctx.now() },
  );
  ctx.output.err(`reveal of ${seekers.length} seeker(s)' personal data recorded in ${recorded.streamId} at position ${recorded.position}`);
  const revealer = makeRevealer(ctx.config);
  try {
    await revealer.prepareBodies?.(sealedBodies(events));
    for (const line of renderReplay(events, flags.json === true, revealer)) ctx.output.out(line);
  } finally {
    await revealer.close();
  }
};

const online = async (
  ctx: OpsContext,
  command: string,
  args: string[],
  flags: Flags,
  env: NodeJS.ProcessEnv,
  makeRevealer?: (config: PlatformConfig) => Revealer,
): Promise<number> => {
  const { output } = ctx;
  switch (command) {
    case 'status': {
      const stallSeconds = flags['stall-seconds'] === undefined ? undefined : Number(flags['stall-seconds']);
      if (stallSeconds !== undefined && !(Number.isFinite(stallSeconds) && stallSeconds >= 0))
        throw new UsageError('--stall-seconds takes a number of seconds');
      const report = await status(ctx, { stallSeconds });
      for (const line of renderStatus(report, flags.json === true)) output.out(line);
      return report.problems.length === 0 ? EXIT.ok : EXIT.problem;
    }
    case 'stream': {
      if (args.length !== 1) throw new UsageError('stream takes one stream id');
      const events = await readOneStream(ctx.infra.log, args[0]);
      if (events.length === 0) output.err(`stream ${args[0]} has no events`);
      await replay(ctx, events, flags, `stream ${args[0]}`, makeRevealer);
      return EXIT.ok;
    }
    case 'streams': {
      if (!flags.prefix) throw new UsageError('streams needs --prefix <p>');
      await replay(ctx, await readStreamsWithPrefix(ctx.infra.log, flags.prefix), flags, `streams ${flags.prefix}`, makeRevealer);
      return EXIT.ok;
    }
    case 'retry-parked': {
      if (args.length !== 1) throw new UsageError('retry-parked takes one projection or consumer name');
      const operator = required(flags, 'operator', 'who retries');
      const reason = required(flags, 'reason', 'why (the fix that was made)');
      const outcome = await retryParked(ctx, args[0]);
      const recorded = await recordOperatorAction(
        ctx.infra.log,
        {
          type: 'ParkedEventsRetried',
          data: { projection: args[0], service: outcome.service, applied: outcome.applied, stillParked: outcome.stillParked },
        },
        { operator, reason, at: ctx.now() },
      );
      output.out(
        `${args[0]} (${outcome.service}): applied ${outcome.applied}, still parked ${outcome.stillParked}; recorded in ${recorded.streamId} at position ${recorded.position}`,
      );
      return outcome.stillParked === 0 ? EXIT.ok : EXIT.problem;
    }
    case 'rebuild': {
      const names = flags.all ? rebuildTargets(ctx).map((t) => t.name) : args;
      if (names.length === 0) throw new UsageError('rebuild takes read-model names or --all');
      if (flags.all && args.length > 0) throw new UsageError('rebuild takes read-model names or --all, not both');
      for (const name of names) findTarget(ctx, name); // every name known before anything is built
      if (flags['dry-run']) {
        for (const name of names) for (const line of renderPlan(await rebuildPlan(ctx, name))) output.out(line);
        return EXIT.ok;
      }
      const operator = required(flags, 'operator', 'who rebuilds');
      const reason = required(flags, 'reason', 'why');
      const promote = flags.promote === true;
      let allEqual = true;
      for (const name of names) {
        const outcome = await rebuildBlueGreen(ctx, name, {
          promote,
          progress: (head) => rebuildProgress(name, head, output, { tty: ctx.tty ?? false }),
        });
        allEqual &&= outcome.equal;
        const data = {
          projection: name,
          kind: outcome.kind,
          service: outcome.service,
          events: outcome.events,
          equal: outcome.equal,
          tables: outcome.parity.map(({ examples: _examples, ...counts }) => counts),
        };
        const recorded = await recordOperatorAction(
          ctx.infra.log,
          outcome.promoted
            ? {
                type: 'ReadModelPromoted',
                data: { ...data, position: outcome.promoted.position },
              }
            : { type: 'ReadModelCompared', data },
          { operator, reason, at: ctx.now() },
        );
        for (const line of renderParity(name, outcome.parity)) output.out(line);
        output.out(
          `${name}: rebuilt from the log, ${outcome.events} event(s) in ${(outcome.ms / 1000).toFixed(1)} s (${Math.round(outcome.perSecond)} events/s)${outcome.parked ? `, ${outcome.parked} parked` : ''}`,
        );
        const where =
          outcome.kind === 'projection'
            ? `at the live checkpoint, position ${outcome.comparedAt}`
            : `up to the head (its last event at position ${outcome.comparedAt})`;
        const lag =
          outcome.liveBehind > 0 ? `; the live consumer had not received ${outcome.liveBehind} of those events yet (its lag)` : '';
        output.out(
          `${name}: compared ${where}; the live writer was held ${outcome.held.ms} ms while the shadow applied the last ${outcome.held.caughtUp} event(s)${lag}`,
        );
        if (outcome.promoted) output.out(`${name}: PROMOTED — the rebuilt tables are live at position ${outcome.promoted.position}`);
        output.err(`recorded in ${recorded.streamId} at position ${recorded.position}`);
      }
      return promote || allEqual ? EXIT.ok : EXIT.problem;
    }
    case 'seal-log': {
      const operator = required(flags, 'operator', 'who seals');
      const reason = required(flags, 'reason', 'why (e.g. the daily seal)');
      const key = signingKeyFrom(env.OPS_SIGNING_KEY);
      const at = ctx.now();
      const sealed = await sealLog(ctx.config, key, at, ctx.infra.log);
      const recorded = await recordOperatorAction(
        ctx.infra.log,
        { type: 'LogChainSealed', data: { position: sealed.position, hash: sealed.hash, publicKeyFingerprint: sealed.fingerprint } },
        { operator, reason, at },
      );
      output.out(
        `sealed the log up to position ${sealed.position} (${sealed.added} new event(s)), head ${sealed.hash.slice(0, 16)}…, key ${sealed.fingerprint}; recorded in ${recorded.streamId} at position ${recorded.position}`,
      );
      return EXIT.ok;
    }
    case 'export': {
      const [kind, id] = args;
      if ((kind !== 'seeker' && kind !== 'registration') || !id || args.length !== 2)
        throw new UsageError('export takes seeker <id> or registration <id>');
      const operator = required(flags, 'operator', 'who exports');
      const reason = required(flags, 'reason', 'why (the audit or request it serves)');
      const key = signingKeyFrom(env.OPS_SIGNING_KEY);
      const at = ctx.now();
      const events = await subjectEvents(ctx.infra.log, kind, id);
      const bundle = buildBundle(events, { subject: { kind, id }, createdAt: at.toISOString(), operator, reason }, key);
      // Recorded before the bundle is handed out: an export that could not be recorded does not happen.
      const recorded = await recordOperatorAction(
        ctx.infra.log,
        {
          type: 'AuditBundleExported',
          data: {
            subjectKind: kind,
            subjectId: id,
            events: bundle.count,
            head: bundle.head,
            publicKeyFingerprint: fingerprint(bundle.signature.publicKey),
          },
        },
        { operator, reason, at },
      );
      const text = `${JSON.stringify(bundle, null, 2)}\n`;
      if (flags.out) {
        writeFileSync(flags.out, text, { mode: 0o600 });
        output.out(
          `${bundle.count} event(s) of ${bundle.streams.length} stream(s) about ${kind} ${id} written to ${flags.out}; signed by key ${fingerprint(bundle.signature.publicKey)}; recorded in ${recorded.streamId}`,
        );
      } else {
        output.out(text.trimEnd());
        output.err(`recorded in ${recorded.streamId} at position ${recorded.position}`);
      }
      return EXIT.ok;
    }
  }
  throw new UsageError(`unknown command ${command}`);
};

const verifyCommand = (args: string[], flags: Flags, output: Output): number => {
  if (args.length !== 1) throw new UsageError('verify takes one bundle file');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(args[0], 'utf8'));
  } catch (error) {
    output.err(`cannot read ${args[0]}: ${(error as Error).name}`);
    return EXIT.usage;
  }
  const trusted = flags['public-key'] ? readFileSync(flags['public-key'], 'utf8') : undefined;
  const result = verifyBundle(raw, trusted);
  if (flags.json) output.out(toJson(result));
  if (result.ok) {
    if (!flags.json)
      output.out(
        `${result.count}/${result.count} events valid; signature valid (key ${result.publicKeyFingerprint}${trusted ? ', trusted' : ", the bundle's own: compare it with the exporter's"})`,
      );
    return EXIT.ok;
  }
  if (!flags.json) {
    const where =
      result.index !== undefined ? `event #${result.index + 1}${result.eventId !== undefined ? ` (${result.eventId})` : ''}: ` : '';
    output.out(
      `${result.valid}/${result.count} events valid; ${result.kind === 'signature' ? 'signature invalid: ' : 'INVALID: '}${where}${result.reason}`,
    );
  }
  return result.kind === 'signature' ? EXIT.signature : result.kind === 'format' ? EXIT.usage : EXIT.problem;
};
