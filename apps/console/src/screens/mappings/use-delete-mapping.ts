import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { Mapping } from './mappings-api.js';

/**
 * Deleting a mapping, confirmed first: which one is asked about, the DELETE itself, and the button
 * that asked (focus goes back to it on cancel; on success the caller says where it goes).
 */
export function useDeleteMapping(onDeleted: (mapping: Mapping) => void) {
  const queryClient = useQueryClient();
  const [toDelete, setToDelete] = useState<Mapping | null>(null);
  const trigger = useRef<HTMLElement | null>(null);

  const remove = useMutation({
    mutationFn: async (mapping: Mapping) => {
      unwrap(await api.DELETE('/v1/external-mappings/{id}', { params: { path: { id: mapping.id } } }));
      return mapping;
    },
    onSuccess: async (mapping) => {
      setToDelete(null);
      onDeleted(mapping);
      await queryClient.invalidateQueries({ queryKey: ['external-mappings'] });
    },
  });

  return {
    toDelete,
    pending: remove.isPending,
    error: remove.error,
    ask(mapping: Mapping, from: HTMLElement) {
      trigger.current = from;
      remove.reset();
      setToDelete(mapping);
    },
    confirm() {
      if (toDelete) remove.mutate(toDelete);
    },
    cancel() {
      setToDelete(null);
      remove.reset();
      trigger.current?.focus();
    },
  };
}

export type MappingDeletion = ReturnType<typeof useDeleteMapping>;
