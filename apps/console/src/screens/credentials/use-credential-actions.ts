import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { Credential, Verification } from './credentials-api.js';

/**
 * What one credential's card can do: verify it at its destination, connect it to an integration (the
 * one chosen in `target`), disconnect one, delete it (once confirmed).
 */
export function useCredentialActions({
  credential,
  onNotice,
  onDeleted,
}: {
  credential: Credential;
  onNotice: (text: string) => void;
  onDeleted: (name: string) => void;
}) {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState('');
  const [verification, setVerification] = useState<Verification | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const refreshIntegrations = () => queryClient.invalidateQueries({ queryKey: ['integrations'] });

  const verify = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/integration-credentials/{id}/verify', {
          params: { path: { id: credential.id } },
        }),
      ),
    onMutate: () => setVerification(null),
    onSuccess: setVerification,
  });
  const connect = useMutation({
    mutationFn: async (integrationId: string) =>
      unwrap(
        await api.PUT('/v1/integrations/{id}/credential', {
          params: { path: { id: integrationId } },
          body: { credentialId: credential.id },
        }),
      ),
    onSuccess: async (integration) => {
      setTarget('');
      onNotice(`${integration.name} is now connected to ${credential.name}.`);
      await refreshIntegrations();
    },
  });
  const disconnect = useMutation({
    mutationFn: async (integrationId: string) =>
      unwrap(
        await api.DELETE('/v1/integrations/{id}/credential', { params: { path: { id: integrationId } } }),
      ),
    onSuccess: async (integration) => {
      onNotice(
        `${integration.name} is disconnected from ${credential.name}: it reports nothing until connected again.`,
      );
      await refreshIntegrations();
    },
  });
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/v1/integration-credentials/{id}', { params: { path: { id: credential.id } } }),
      ),
    onSuccess: async () => {
      setConfirmDelete(false);
      onDeleted(credential.name);
      await queryClient.invalidateQueries({ queryKey: ['credentials'] });
    },
  });

  return {
    target,
    setTarget,
    verification,
    confirmDelete,
    setConfirmDelete,
    verify,
    connect,
    disconnect,
    remove,
  };
}
