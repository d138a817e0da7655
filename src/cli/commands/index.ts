/** Every command of the CLI, in the order `flowcost --help` lists them. */
import type { CommandModule } from '../command.js';
import { analyzeCommand } from './analyze.js';
import { calibrateCommand } from './calibrate.js';
import { exportCommand } from './export.js';
import { gateCommand } from './gate.js';
import { importCommand } from './import.js';
import { pricingCommand } from './pricing.js';
import { sweepCommand } from './sweep.js';
import { validateCommand } from './validate.js';

export const COMMANDS: readonly CommandModule[] = [analyzeCommand, sweepCommand, gateCommand, pricingCommand, validateCommand, importCommand, exportCommand, calibrateCommand];
