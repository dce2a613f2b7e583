// Validators for the two output shapes in contract/ (JSON Schema 2020-12), so tests check what
// leaves the process against the normative schemas rather than against their own idea of them.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function loadSchema(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../contract/${name}`, import.meta.url), 'utf8')) as object;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const alertValidator = ajv.compile(loadSchema('alert.schema.json'));
const articleValidator = ajv.compile(loadSchema('article.schema.json'));

/** The schema errors of `value` as readable lines; [] when it is valid. */
function errorsOf(validate: typeof alertValidator, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
}

export const alertSchemaErrors = (value: unknown): string[] => errorsOf(alertValidator, value);
export const articleSchemaErrors = (value: unknown): string[] => errorsOf(articleValidator, value);
