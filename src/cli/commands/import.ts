/** `flowcost import FILE`: an ASL definition or a SAM/CloudFormation template → a workload skeleton to fill in. */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { workloadSkeleton } from '../../import/skeleton.js';
import { loadDefinitionFile } from '../../io/load-definition.js';
import { parseWorkload } from '../../io/load-workload.js';
import { packagePath } from '../../io/package-files.js';
import { terminalText } from '../../report/escape.js';
import { DEFAULTS } from '../../workload/values.js';
import { optionalString, type CommandModule } from '../command.js';
import { projectFor, withRootOption } from '../project-root.js';
import { emit } from './analyze.js';

export const importCommand: CommandModule = {
  command: 'import <file>',
  describe: 'Read a state machine (ASL JSON/YAML, or a SAM/CloudFormation template) and write a workload to fill in and analyze',
  builder: (y) =>
    withRootOption(y)
      .positional('file', { type: 'string', describe: 'ASL definition or SAM/CloudFormation template', demandOption: true })
      .option('resource', { type: 'string', describe: 'Logical id of the state machine, when the template holds several' })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the workload to this file (atomically) instead of stdout' })
      .example('$0 import template.yaml --resource OrderStateMachine --out workload.yaml', 'A workload skeleton for one state machine of a SAM template')
      .example('$0 analyze workload.yaml', 'Then: fill in the numbers and compare the architectures'),
  run(args, io) {
    const file = String(args['file']);
    const resource = optionalString(args, 'resource');
    const out = optionalString(args, 'out');
    const files = projectFor(args, file);
    const loaded = loadDefinitionFile(file, resource, { files });
    const base = resolve(out === undefined ? '.' : dirname(out));
    const portable = (path: string) => relative(base, path).split(sep).join('/');
    const logicalId = loaded.source.includes('#') ? loaded.source.slice(loaded.source.lastIndexOf('#') + 1) : undefined;
    const text = workloadSkeleton(loaded.definition, {
      name: logicalId ?? basename(file).replace(/(\.asl)?\.(json|ya?ml)$/, ''),
      definitionPath: portable(resolve(file)),
      resource: logicalId && resource !== undefined ? logicalId : undefined,
      schemaPath: portable(packagePath('schemas', 'workload.schema.json')),
      declaredType: loaded.declaredType,
      memoryMb: DEFAULTS.memoryMb,
    });
    // The skeleton must load as it is: check it before writing it.
    parseWorkload(text, out ?? 'workload.yaml', { files });
    const states = (text.match(/^ {2}# /gm) ?? []).length;
    io.stderr(`flowcost: imported ${terminalText(loaded.source)}: ${states} states, each listed with flowcost's defaults; fill in the numbers, then run flowcost analyze\n`);
    return emit(io, text, out);
  },
};
