#!/usr/bin/env node
import { doctor } from './commands/doctor.js';

const usage = `usage: matchnet <command>

commands:
  doctor    check the compute backend, Redis, MinIO and Prometheus over real connections
            (reads the variables that scripts/dev-services writes to <state>/services.env)`;

const [command] = process.argv.slice(2);
switch (command) {
  case 'doctor':
    process.exitCode = await doctor();
    break;
  case undefined:
  case 'help':
  case '--help':
    console.log(usage);
    break;
  default:
    console.error(`unknown command ${command}\n\n${usage}`);
    process.exitCode = 2;
}
