/** m3ter-model.md §1.4's example bill (illustrative values, the shape of m3ter's BillResponse). */
export const MODEL_EXAMPLE_BILL = `{
  "id": "f2d3e527-66bb-4251-8d81-90bffe45e5b5", "version": 3,
  "accountId": "a2ae2c31-e89e-4c12-b636-e59414901cff", "accountCode": "acme",
  "billDate": "2025-09-01", "dueDate": "2025-09-01",
  "startDate": "2025-08-01", "endDate": "2025-09-01",
  "startDateTimeUTC": "2025-08-01T00:00:00Z", "endDateTimeUTC": "2025-09-01T00:00:00Z",
  "billingFrequency": "MONTHLY", "billFrequencyInterval": 1, "timezone": "UTC",
  "currency": "USD", "status": "PENDING", "locked": false, "billTotal": 4.0,
  "externalInvoiceDate": "2025-09-01", "lastCalculatedDate": "2025-08-20T01:02:03Z",
  "dtCreated": "2025-08-20T01:02:03.123Z", "dtLastModified": "2025-08-20T01:02:03.123Z",
  "lineItems": [{
    "id": "0b6f8f4e-1e1d-4c56-9f7c-1f3d1c0a2b11", "lineItemType": "USAGE", "description": "Storage GB",
    "productId": "9d1c1b6e-2f0a-4b7e-8a59-3b2a1c0d9e88", "productCode": "core", "productName": "Core",
    "aggregationId": "5a0c3e1f-7b2d-4c8e-9f10-2a3b4c5d6e7f", "meterId": "m-1", "planId": "p-1", "pricingId": "pr-1",
    "quantity": 400, "units": 400, "unit": "GB", "averageUnitPrice": 0.01,
    "subtotal": 4.0, "currency": "USD", "conversionRate": 1, "convertedSubtotal": 4.0,
    "servicePeriodStartDate": "2025-08-01T00:00:00Z", "servicePeriodEndDate": "2025-09-01T00:00:00Z",
    "usagePerPricingBand": [{"pricingBandId": "band-1", "lowerLimit": 0, "unitPrice": 0.01, "bandUnits": 400, "bandQuantity": 400, "bandSubtotal": 4.0, "convertedBandSubtotal": 4.0}],
    "segment": {"region": "eu"}, "sequenceNumber": 1
  }]
}`;

/** A line item as `/bills/{id}/lineitems` returns it (m3ter-model.md §1.3): billId, version, bandUsage. */
export function pagedLineItem(billId: string, n: number): Record<string, unknown> {
  return {
    id: `li-${n}`,
    billId,
    version: 1,
    lineItemType: n % 2 ? 'USAGE' : 'STANDING_CHARGE',
    description: `item ${n}`,
    productId: 'prod-1',
    aggregationId: n % 2 ? 'agg-1' : undefined,
    quantity: n,
    units: n,
    unit: 'GB',
    subtotal: 0.1 * n,
    convertedSubtotal: 0.1 * n,
    currency: 'USD',
    conversionRate: 1,
    averageUnitPrice: 0.1,
    servicePeriodStartDate: '2025-08-01T00:00:00Z',
    servicePeriodEndDate: '2025-09-01T00:00:00Z',
    bandUsage: [],
    jsonUsageGenerated: false,
    dtCreated: '2025-08-20T01:02:03Z',
  };
}

/** An m3ter AccountResponse (m3ter-model.md §7). */
export const MODEL_EXAMPLE_ACCOUNT = `{
  "id": "a2ae2c31-e89e-4c12-b636-e59414901cff", "version": 2, "name": "Acme Ltd", "code": "acme",
  "emailAddress": "billing@acme.example", "currency": "USD",
  "address": {"addressLine1": "1 Main St", "locality": "London", "postCode": "N1", "country": "UK"},
  "customFields": {"region": "emea", "tier": 7.1, "seats": 12},
  "daysBeforeBillDue": 30, "dtCreated": "2025-01-01T00:00:00Z", "createdBy": "USER_1"
}`;
