/**
 * One detection measurement in a fresh process, so peak RSS belongs to it alone. Prints JSON.
 *
 * Modes over the same JSON-lines audit log:
 * - `parse`: the baseline the target is relative to: read the file in chunks, split lines,
 *   `JSON.parse` each; nothing else.
 * - `read`: eksguard's `readEvents` alone (format detection, validation, classification).
 * - `detect`: what `eksguard detect FILE` runs: `readEvents` → all built-in rules → dedup → a
 *   sink that counts.
 *
 * Memory (RSS and heap) is sampled when 10%, 50% and 100% of the expected events are through.
 */
import { createReadStream } from 'node:fs';
import { readEvents } from '../src/detect/events/index.js';
import { DetectionPipeline } from '../src/detect/pipeline.js';
import { loadBuiltinRules, RuleEngine } from '../src/detect/rules/index.js';
import { AlertDeduplicator, type AlertSink } from '../src/detect/sinks/index.js';

const [file, mode, expectedText] = process.argv.slice(2) as [string, 'parse' | 'read' | 'detect', string];
const expected = Number(expectedText);

interface MemorySample {
  at: string;
  events: number;
  rssMb: number;
  heapUsedMb: number;
}
const samples: MemorySample[] = [];
const marks = [0.1, 0.5];
let nextMark = 0;
function sample(at: string, events: number): void {
  const memory = process.memoryUsage();
  samples.push({ at, events, rssMb: memory.rss / 1e6, heapUsedMb: memory.heapUsed / 1e6 });
}
/** Called per event: samples at the marks (cheap when not at one). */
function progress(events: number): void {
  if (nextMark < marks.length && events >= expected * marks[nextMark]!) sample(`${marks[nextMark++]! * 100}%`, events);
}

async function parseOnly(): Promise<number> {
  let events = 0;
  let carry: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
      if (end > start) {
        JSON.parse(buffer.toString('utf8', start, end));
        progress(++events);
      }
      start = end + 1;
    }
    carry = start < buffer.length ? buffer.subarray(start) : undefined;
  }
  if (carry && carry.length > 0) {
    JSON.parse(carry.toString('utf8'));
    progress(++events);
  }
  return events;
}

let alerts = 0;
let rules = 0;
let malformed = 0;
let engineAlerts = 0;
let evaluations = 0;
async function run(): Promise<number> {
  if (mode === 'parse') return parseOnly();
  const reader = readEvents({ path: file });
  if (mode === 'read') {
    let events = 0;
    for await (const input of reader) {
      if (input.kind === 'k8s-audit') progress(++events);
    }
    malformed = reader.stats.malformed;
    return events;
  }
  const loaded = loadBuiltinRules();
  if (loaded.errors.length > 0) throw new Error(`built-in rules failed to load: ${loaded.errors[0]?.message}`);
  rules = loaded.rules.length;
  const engine = new RuleEngine(loaded.rules);
  const counter: AlertSink = {
    name: 'count',
    stats: { delivered: 0, failed: 0, retries: 0 },
    write() {
      alerts++;
      counter.stats.delivered++;
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const pipeline = new DetectionPipeline({ engine, sinks: [counter], dedup: new AlertDeduplicator() });
  // DetectionPipeline.runInputs' loop, with the progress count in it (a wrapping generator
  // would add its own cost to every event).
  let events = 0;
  let pending = 0;
  for await (const input of reader) {
    pipeline.process(input);
    progress(++events);
    if (++pending >= 1_000) {
      pending = 0;
      await pipeline.deliver();
    }
  }
  await pipeline.deliver();
  engineAlerts = engine.stats.alerts;
  evaluations = engine.stats.evaluations;
  malformed = reader.stats.malformed;
  return events;
}

const start = performance.now();
const cpuStart = process.cpuUsage();
const events = await run();
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
sample('100%', events);
console.log(JSON.stringify({ mode, events, ms, cpuMs: (cpu.user + cpu.system) / 1000, eventsPerSecond: events / (ms / 1000), alerts, engineAlerts, evaluations, rules, malformed, samples, peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6 }));
