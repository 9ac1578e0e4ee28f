import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IdentityController } from '@hw/identity/application';
import { RegistrationsController, SeekersController } from '@hw/registration/application';

/** Every route of the registration service with the principals its @Allow names. */
const routes = () =>
  [SeekersController, RegistrationsController, IdentityController].flatMap((controller) => {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    return Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => (controller.prototype as unknown as Record<string, object>)[name])
      .filter((handler) => Reflect.getMetadata(METHOD_METADATA, handler) !== undefined)
      .map((handler) => ({
        route:
          `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${base}/${Reflect.getMetadata(PATH_METADATA, handler) as string}`.replace(
            /\/\/$|\/$/,
            '',
          ),
        allowed: (Reflect.getMetadata('hw:allow', handler) as string[] | undefined) ?? [],
      }));
  });

describe('R-STF-1: the headquarters auditor is read-only (nationwide)', () => {
  it('no route that changes anything admits staff:hq-auditor — only its own password', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(30);
    const writable = all.filter((r) => !r.route.startsWith('GET ') && r.allowed.includes('staff:hq-auditor')).map((r) => r.route);
    expect(writable).toEqual(['POST /identity/password']);
  });

  it('the auditor reads registrations of every prefecture and seekers (reads of personal data are recorded, R-STF-2)', () => {
    const readable = routes()
      .filter((r) => r.route.startsWith('GET ') && r.allowed.includes('staff:hq-auditor'))
      .map((r) => r.route)
      .sort();
    expect(readable).toEqual(
      expect.arrayContaining([
        'GET /registrations',
        'GET /registrations/:registrationId',
        'GET /seekers/:seekerId',
        'GET /seekers/:seekerId/personal-data',
      ]),
    );
  });
});
