/**
 * The Terraform evaluator on what real configurations hold around a definition: what it can
 * evaluate is evaluated exactly; anything else becomes a `${…}` placeholder with one warning, never
 * a crash (for-expressions, splats, unknown functions, a local that refers to itself).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitionFile } from '../../src/io/load-definition.js';

function machine(definition: string, extra = '', files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'flowcost-tf-'));
  writeFileSync(join(dir, 'main.tf'), `${extra}\nresource "aws_sfn_state_machine" "m" {\n  name = "m"\n  role_arn = "arn:aws:iam::123456789012:role/r"\n  definition = ${definition}\n}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return loadDefinitionFile(dir);
}

const raw = (loaded: ReturnType<typeof machine>) => loaded.document.data as { Comment?: unknown; States: Record<string, Record<string, unknown>> };

describe('Terraform evaluation', () => {
  it('string escapes, template escapes ($${ and %%{) and %{if} directives', () => {
    const loaded = machine(
      `jsonencode({ Comment = "a \\"quoted\\" $\${literal} %%{x} %{ if var.on }on%{ else }off%{ endif }", StartAt = "A", States = { A = { Type = "Pass", End = true } } })`,
      'variable "on" {\n  default = true\n}\n',
    );
    expect(raw(loaded).Comment).toBe('a "quoted" ${literal} %{x} on');
    expect(loaded.warnings).toEqual([]);
  });

  it('for-expressions, splats, unknown functions and self-referring locals stay placeholders, listed once', () => {
    const loaded = machine(
      `jsonencode({ Comment = local.loop, StartAt = "A", States = { A = { Type = "Pass", Parameters = { a = [for s in var.l : upper(s)], b = aws_instance.x[*].id, c = formatdate("YYYY", timestamp()) }, End = true } } })`,
      'locals {\n  loop = local.loop\n}\nvariable "l" {\n  default = ["a"]\n}\n',
    );
    const parameters = raw(loaded).States['A']!['Parameters'] as Record<string, string>;
    expect(parameters['a']).toMatch(/^\$\{.*\}$/);
    expect(parameters['b']).toMatch(/^\$\{.*\}$/);
    expect(parameters['c']).toBe('${formatdate(…)}');
    expect(raw(loaded).Comment).toBe('${local.loop}');
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(/^4 Terraform expressions cannot be evaluated offline and stay as placeholders: /);
  });

  it('file() and jsondecode(), merge(), a conditional on a known variable', () => {
    const loaded = machine(
      'jsonencode(merge(jsondecode(file("${path.module}/base.json")), { Comment = var.prod ? "prod" : "dev" }))',
      'variable "prod" {\n  default = false\n}\n',
      { 'base.json': '{ "StartAt": "A", "States": { "A": { "Type": "Wait", "Seconds": 5, "End": true } } }' },
    );
    expect(raw(loaded).Comment).toBe('dev');
    expect(loaded.definition.root.states[0]!.waitSeconds).toBe(5);
  });

  it('a definition that is not a string cannot be evaluated: a clear error at the attribute', () => {
    expect(() => machine('var.definition', 'variable "definition" {}\n')).toThrow(/the definition of aws_sfn_state_machine\.m cannot be evaluated offline \(var\.definition\)/);
  });

  it('a definition out of AWS ranges is refused with the Terraform file named', () => {
    try {
      machine('jsonencode({ StartAt = "A", States = { A = { Type = "Wait", Seconds = 1e300, End = true } } })');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/Wait "A": Seconds is 1e\+300, above 99999999/);
    }
  });

  it('locals that double at every level do not expand past a bound (a placeholder, not memory exhaustion)', () => {
    const levels = Array.from({ length: 40 }, (_, i) => `  l${i} = [local.l${i + 1}, local.l${i + 1}]`).join('\n');
    const started = Date.now();
    const loaded = machine('jsonencode({ Comment = "x", StartAt = "A", States = { A = { Type = "Pass", Parameters = { big = jsonencode(local.l0) }, End = true } } })', `locals {\n${levels}\n  l40 = "leaf"\n}\n`);
    expect(Date.now() - started).toBeLessThan(20_000);
    const parameters = raw(loaded).States['A']!['Parameters'] as Record<string, string>;
    expect(parameters['big']).toMatch(/larger than 1,000,000 nodes/);
  });
});

