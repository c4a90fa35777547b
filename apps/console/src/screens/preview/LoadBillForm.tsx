import { type FormEvent, useState } from 'react';

/** "Load a stored bill": its id, to fill the bill field with it. */
export function LoadBillForm({
  id,
  storedBillId,
  onLoad,
}: {
  id: string;
  storedBillId: string;
  onLoad: (billId: string) => void;
}) {
  const [billIdDraft, setBillIdDraft] = useState(storedBillId);

  const loadBill = (event: FormEvent) => {
    event.preventDefault();
    onLoad(billIdDraft.trim());
  };

  return (
    <form className="filters" aria-label="Load a stored bill" onSubmit={loadBill}>
      <div>
        <label htmlFor={id}>Stored bill id</label>
        <input
          id={id}
          type="text"
          value={billIdDraft}
          onChange={(event) => setBillIdDraft(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="secondary">
          Load bill
        </button>
      </div>
    </form>
  );
}
