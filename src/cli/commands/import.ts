/**
 * `flowcost import PATH`: a state machine where a team keeps it (an ASL file, a SAM/CloudFormation
 * template, a Terraform folder, plan or state, a cdk.out, a serverless.yml, or a project folder
 * holding any of these) → a workload skeleton to fill in and analyze, with each bound Task's
 * memory, timeout and /tmp and the machine's deployed type taken from the source.
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { FlowcostError } from '../../errors/problem.js';
import { workloadSkeleton } from '../../import/skeleton.js';
import { listing, listStateMachines, loadDefinitionFile } from '../../io/load-definition.js';
import { parseWorkload } from '../../io/load-workload.js';
import { packagePath } from '../../io/package-files.js';
import { terminalText } from '../../report/escape.js';
import { DEFAULTS } from '../../workload/values.js';
import { optionalString, type CommandModule } from '../command.js';
import { projectOfPath, withRootOption } from '../project-root.js';
import { emit } from './analyze.js';

export const importCommand: CommandModule = {
  command: 'import <file>',
  describe:
    'Read a state machine (ASL, SAM/CloudFormation, Terraform .tf or plan/state JSON, cdk.out, serverless.yml, or a project folder) and write a workload to fill in and analyze',
  builder: (y) =>
    withRootOption(y)
      .positional('file', { type: 'string', describe: 'ASL file, template, Terraform folder or plan JSON, cdk.out, serverless.yml, or a project folder', demandOption: true })
      .option('resource', { type: 'string', describe: 'Which state machine: logical id, Terraform address, CDK construct path or Serverless key' })
      .option('list', { type: 'boolean', describe: 'List the state machines PATH holds (with the ids --resource takes) and exit' })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the workload to this file (atomically) instead of stdout' })
      .example('$0 import . --list', 'Every state machine of the project, with the ids --resource takes')
      .example('$0 import template.yaml --resource OrderStateMachine --out workload.yaml', 'One state machine of a SAM template')
      .example('$0 import infra/ --resource aws_sfn_state_machine.orders', 'From the .tf files of a Terraform folder')
      .example('$0 import cdk.out --resource OrdersStack/OrderMachine', 'From a synthesized CDK app, by construct path')
      .example('$0 analyze workload.yaml', 'Then: fill in the numbers and compare the architectures'),
  run(args, io) {
    const file = String(args['file']);
    const resource = optionalString(args, 'resource');
    const out = optionalString(args, 'out');
    // PATH itself is the caller's choice; what it names is read only inside its project (--root).
    const files = projectOfPath(args, file);
    if (args['list'] === true || (resource === undefined && files.isDirectory(file))) {
      const { entries, skipped } = listStateMachines(file, files);
      for (const problem of entries.length > 0 ? skipped : []) {
        io.stderr(`flowcost: warning: skipped ${printable(problem.file ?? file)}${problem.line ? `:${problem.line}` : ''}: ${printable(problem.message)}\n`);
      }
      if (entries.length === 0 && skipped.length > 0) throw new FlowcostError(skipped);
      if (entries.length === 0) {
        throw new FlowcostError([
          {
            code: 'semantic',
            file,
            message: 'no state machine found here',
            expected: 'a SAM/CloudFormation template, a cdk.out, .tf files, a Terraform plan or state JSON, a serverless.yml or an .asl.json/.asl.yaml file',
            hint: 'give the folder (or file) that holds the state machine',
          },
        ]);
      }
      const text = `${listing(entries, file)}\n`;
      if (args['list'] === true) {
        io.stdout(text);
        return 0;
      }
      if (entries.length > 1) {
        io.stderr(`flowcost: ${printable(file)} holds ${entries.length} state machines; choose one with --resource:\n${indent(printable(text, true))}`);
        io.stderr(`flowcost: e.g. flowcost import ${printable(file)} --resource ${printable(entries[0]!.id)}\n`);
        return 2;
      }
    }
    const loaded = loadDefinitionFile(file, resource, files);
    const base = resolve(out === undefined ? '.' : dirname(out));
    const portable = (path: string) => relative(base, resolve(path)).split(sep).join('/') || '.';
    const name = loaded.id ?? basename(loaded.definitionPath).replace(/(\.asl)?\.(json|ya?ml)$/, '');
    const text = workloadSkeleton(loaded.definition, {
      name: name.replace(/^.*[/#]/, ''),
      definitionPath: portable(loaded.definitionPath),
      resource: loaded.id,
      schemaPath: portable(packagePath('schemas', 'workload.schema.json')),
      declaredType: loaded.declaredType,
      memoryMb: DEFAULTS.memoryMb,
      format: loaded.format,
      bindings: loaded.bindings,
      warnings: loaded.warnings,
    });
    // The skeleton must load as it is: check it before writing it.
    parseWorkload(text, out ?? 'workload.yaml', { files });
    for (const warning of loaded.warnings) io.stderr(`flowcost: warning: ${printable(warning)}\n`);
    const states = (text.match(/^ {2}# /gm) ?? []).length;
    const bound = loaded.bindings.size;
    io.stderr(
      `flowcost: imported ${printable(loaded.source)}: ${states} state${states === 1 ? '' : 's'}, each listed with flowcost's defaults` +
        `${bound > 0 ? `; ${bound} Task${bound === 1 ? '' : 's'} take${bound === 1 ? 's' : ''} ${bound === 1 ? 'its' : 'their'} function's memory and timeout from the source` : ''}` +
        `${loaded.declaredType ? `; deployed as ${loaded.declaredType}` : ''}; fill in the numbers, then run flowcost analyze\n`,
    );
    return emit(io, text, out);
  },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

/** No control characters from a source file on the terminal (line breaks kept where asked). */
function printable(text: string, lines = false): string {
  return lines ? text.split('\n').map(terminalText).join('\n') : terminalText(text);
}
