#!/usr/bin/env node
import { doctor } from './commands/doctor.js';
import { evaluateCommand, evaluateUsage } from './commands/evaluate.js';
import { launchCommand, launchUsage } from './commands/launch.js';
import { packOmniglotCommand } from './commands/pack-omniglot.js';
import { trainCommand, trainUsage } from './commands/train.js';

const usage = `usage: matchnet <command>

commands:
  doctor                       check the compute backend, Redis, MinIO and Prometheus over real
                               connections (reads the variables in <state>/services.env)
  data pack-omniglot <src> --out <file>
                               pack Omniglot in its original layout (folders or official zips)
                               into one lossless file, like data/omniglot/omniglot.pack
  ${launchUsage}
  ${trainUsage}
  ${evaluateUsage}`;

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'doctor') process.exitCode = await doctor();
  else if (command === 'launch') process.exitCode = await launchCommand(rest);
  else if (command === 'train') process.exitCode = await trainCommand(rest);
  else if (command === 'evaluate') process.exitCode = await evaluateCommand(rest);
  else if (command === 'data' && rest[0] === 'pack-omniglot') process.exitCode = await packOmniglotCommand(rest.slice(1));
  else if (command === undefined || command === 'help' || command === '--help') console.log(usage);
  else {
    console.error(`unknown command: ${[command, ...rest].join(' ')}\n\n${usage}`);
    process.exitCode = 2;
  }
} catch (err) {
  // Errors from the libraries name the file or field at fault; a stack adds nothing for users.
  console.error(`matchnet: ${(err as Error).message}`);
  process.exitCode = 1;
}
