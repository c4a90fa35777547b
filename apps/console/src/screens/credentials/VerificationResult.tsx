import type { Verification } from './credentials-api.js';

/** The destination's answer to Verify (a live region, so it is read out when it arrives). */
export function VerificationResult({
  verification,
  destinationLabel,
  credentialName,
}: {
  verification: Verification | null;
  destinationLabel: string;
  credentialName: string;
}) {
  return (
    <div role="status">
      {verification?.ok === true && (
        <p className="alert alert-ok">
          {destinationLabel} accepted {credentialName}.
        </p>
      )}
      {verification?.ok === false && (
        <div className="alert alert-error">
          <p>
            <strong>
              {destinationLabel} refused {credentialName}.
            </strong>{' '}
            It answered:
          </p>
          <p>
            <code>{verification.error.code}</code>: {verification.error.message}
          </p>
        </div>
      )}
    </div>
  );
}
