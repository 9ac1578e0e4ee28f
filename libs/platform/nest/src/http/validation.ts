import { applyDecorators, BadRequestException, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { Type as TransformType } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, ValidateNested, ValidationOptions } from 'class-validator';

export interface Violation {
  field: string;
  rule?: string;
  message: string;
}

/** Flattens nested class-validator errors to `a.b[0].c` paths. Values are never echoed back. */
const flatten = (errors: ValidationError[], prefix = ''): Violation[] =>
  errors.flatMap((error) => {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property || 'body'; // a body that is no object (null, an array, a string) fails as a whole
    const own = Object.entries(error.constraints ?? {}).map(([name, message]) => ({
      field,
      rule: (error.contexts?.[name] as { rule?: string } | undefined)?.rule,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Every input is validated before a command exists: a 400 naming each field and, where a
 * rule decides it, the rule id (put `context: { rule: 'R-…' }` on the decorator).
 */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const violations = flatten(errors);
      const first = violations[0];
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: violations.map((v) => `${v.field}: ${v.message}${v.rule ? ` (${v.rule})` : ''}`).join('; '),
        field: first?.field,
        rule: first?.rule,
        violations,
      });
    },
  });

/**
 * A required nested object: present, an object (not null, an array or a string) and validated
 * as `type`. `@ValidateNested` alone lets a missing or null object through to the handler.
 */
export const NestedObject = (type: () => Type<unknown>, options?: ValidationOptions) =>
  applyDecorators(IsDefined(options), IsObject(options), ValidateNested(options), TransformType(type));

/** An optional nested object: absent, or an object validated as `type`. */
export const OptionalNestedObject = (type: () => Type<unknown>, options?: ValidationOptions) =>
  applyDecorators(IsOptional(), IsObject(options), ValidateNested(options), TransformType(type));
