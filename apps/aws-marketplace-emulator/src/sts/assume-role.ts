/**
 * STS AssumeRole: who may assume which seeded role, and the temporary credentials it issues. The
 * session acts as the role's account and expires `DurationSeconds` after `now` (emulator clock).
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/authenticate.js';
import { DEFAULT_SESSION_SECONDS, MAX_SESSION_SECONDS, MIN_SESSION_SECONDS } from '../constants.js';
import { AwsApiError, validationMessage } from '../http/aws-error.js';
import type { AwsEmulatorState, IssuedSession, SeededRole } from '../state/emulator-state.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyId(prefix: string): string {
  const bytes = randomBytes(16);
  let id = prefix;
  for (const byte of bytes) id += BASE32[byte % 32];
  return id;
}

function validationError(problem: string): AwsApiError {
  return new AwsApiError('ValidationError', 400, validationMessage([problem]));
}

function isTrusted(state: AwsEmulatorState, role: SeededRole, accountId: string): boolean {
  if (role.trustedAccountIds !== undefined) return role.trustedAccountIds.includes(accountId);
  return [...state.accessKeys.values()].some((key) => key.accountId === accountId);
}

export interface AssumeRoleParams {
  readonly RoleArn?: string | undefined;
  readonly RoleSessionName?: string | undefined;
  readonly ExternalId?: string | undefined;
  readonly DurationSeconds?: string | undefined;
}

export interface AssumedRole {
  readonly session: IssuedSession;
  readonly assumedRoleId: string;
  readonly arn: string;
}

export function assumeRole(input: {
  state: AwsEmulatorState;
  caller: Principal;
  params: AssumeRoleParams;
  now: Date;
}): AssumedRole {
  const { state, caller, params, now } = input;
  if (params.RoleArn === undefined) {
    throw validationError("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  }
  if (params.RoleSessionName === undefined) {
    throw validationError(
      "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!SESSION_NAME.test(params.RoleSessionName)) {
    throw validationError(
      `Value '${params.RoleSessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  let duration = DEFAULT_SESSION_SECONDS;
  if (params.DurationSeconds !== undefined) {
    duration = Number(params.DurationSeconds);
    if (!Number.isInteger(duration) || duration < MIN_SESSION_SECONDS || duration > MAX_SESSION_SECONDS) {
      throw validationError(
        `Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_SESSION_SECONDS} and ${MAX_SESSION_SECONDS}`,
      );
    }
  }
  const role = state.roles.get(params.RoleArn);
  const externalIdOk = role?.externalId === undefined || role.externalId === params.ExternalId;
  if (!role || !isTrusted(state, role, caller.accountId) || !externalIdOk) {
    throw new AwsApiError(
      'AccessDenied',
      403,
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}`,
    );
  }
  if (duration > role.maxSessionDurationSeconds) {
    throw new AwsApiError(
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  if (caller.kind === 'session' && duration > 3600) {
    throw new AwsApiError(
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  const session: IssuedSession = {
    accessKeyId: randomKeyId('ASIA'),
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `IQoJb3JpZ2luX2VtdWxhdG9y${randomBytes(192).toString('base64')}`,
    expiresAt: new Date(now.getTime() + duration * 1000),
    roleArn: role.roleArn,
    roleSessionName: params.RoleSessionName,
    accountId: role.accountId,
  };
  state.sessions.set(session.accessKeyId, session);
  return {
    session,
    assumedRoleId: `${role.roleId}:${session.roleSessionName}`,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${session.roleSessionName}`,
  };
}
