/** The parsers the importers (src/import) are given: YAML/JSON with positions, Terraform HCL. */
import { CFN_TAGS } from '../import/cfn-tags.js';
import type { Parsers } from '../import/source.js';
import { parseHcl, parseHclExpression } from './hcl-parser.js';
import { parseYamlSource } from './yaml-source.js';

export const PARSERS: Parsers = {
  yaml: (text, file, options = {}) =>
    parseYamlSource(text, file, {
      ...(options.cfnTags ? { customTags: CFN_TAGS } : {}),
      ...(options.uniqueKeys !== undefined ? { uniqueKeys: options.uniqueKeys } : {}),
      ...(options.expected ? { expected: options.expected } : {}),
    }),
  hcl: parseHcl,
  hclExpression: parseHclExpression,
};
