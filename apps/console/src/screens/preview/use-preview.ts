import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';

type PreviewOp = paths['/v1/integrations/{id}/preview']['post'];
export type PreviewBody = PreviewOp['requestBody'] extends { content: { 'application/json': infer B } }
  ? B
  : never;
export type PreviewResult = PreviewOp['responses'][200]['content']['application/json'];

/** One integration's answer: what it would send, or why the hub refused to say. */
export interface Outcome {
  integrationId: string;
  result?: PreviewResult;
  error?: unknown;
}

/** A stored bill, by id ('' loads nothing), to paste into the form. */
export function useStoredBill(billId: string) {
  return useQuery({
    queryKey: ['bill', billId],
    enabled: billId !== '',
    queryFn: async () => unwrap(await api.GET('/v1/bills/{id}', { params: { path: { id: billId } } })),
  });
}

/** Preview the bill for each integration chosen, side by side: one refusal does not hide the others. */
export function usePreview() {
  return useMutation({
    mutationFn: async (input: { integrationIds: string[]; body: PreviewBody; text: string }) =>
      Promise.all(
        input.integrationIds.map(async (integrationId): Promise<Outcome> => {
          try {
            const result = unwrap(
              await api.POST('/v1/integrations/{id}/preview', {
                params: { path: { id: integrationId } },
                body: input.body,
                // The text as pasted: JSON numbers reach the hub with every digit.
                bodySerializer: () => input.text,
              }),
            );
            return { integrationId, result };
          } catch (error) {
            return { integrationId, error };
          }
        }),
      ),
  });
}
