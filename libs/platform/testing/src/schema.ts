import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Validates integration event data against its contract's JSON Schema; returns the errors as text. */
export const schemaErrors = (schema: object, data: unknown): string[] => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
};
