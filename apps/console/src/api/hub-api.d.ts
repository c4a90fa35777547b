// Generated from the hub's OpenAPI document by `pnpm --filter @hub/console generate:api`.
// Do not edit: src/api/hub-api.test.ts fails when this file no longer matches the hub's routes.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready when Postgres and Redis answer; a 503 names what is failing */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "unavailable";
                            failing: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The billing platform's webhook: a trigger to fetch the bills it names
         * @description Authenticated by the URL token (shown once when the source is created or the token rotated), then size-limited (65536 bytes), rate-limited per source and, when a signature secret is set and the source supports it, signature-checked. Answers 202 before fetching.
         */
        post: {
            parameters: {
                query?: {
                    token?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description bills named by the webhook, queued to be fetched */
                            accepted: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an API key (admin keys only: the hub admin for any organization, an org admin for its own); the key is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        orgId: string;
                        name: string;
                        /** @default false */
                        admin?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            orgId: string;
                            name: string;
                            admin: boolean;
                            key: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (admin keys only: the hub admin any key, an org admin its own organization's); it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an account */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            code: string;
                            currency?: string | null;
                            address?: {
                                addressLine1?: string | null;
                                addressLine2?: string | null;
                                addressLine3?: string | null;
                                addressLine4?: string | null;
                                locality?: string | null;
                                region?: string | null;
                                postCode?: string | null;
                                country?: string | null;
                            } | null;
                            customFields?: {
                                [key: string]: (string | number) | null;
                            } | null;
                            parentAccountId?: string | null;
                            id: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Create or replace an account */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        code: string;
                        currency?: string | null;
                        address?: {
                            addressLine1?: string | null;
                            addressLine2?: string | null;
                            addressLine3?: string | null;
                            addressLine4?: string | null;
                            locality?: string | null;
                            region?: string | null;
                            postCode?: string | null;
                            country?: string | null;
                        } | null;
                        customFields?: {
                            [key: string]: (string | number) | null;
                        } | null;
                        parentAccountId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            code: string;
                            currency?: string | null;
                            address?: {
                                addressLine1?: string | null;
                                addressLine2?: string | null;
                                addressLine3?: string | null;
                                addressLine4?: string | null;
                                locality?: string | null;
                                region?: string | null;
                                postCode?: string | null;
                                country?: string | null;
                            } | null;
                            customFields?: {
                                [key: string]: (string | number) | null;
                            } | null;
                            parentAccountId?: string | null;
                            id: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/account-filter/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check an account filter expression and count the known accounts it matches (an empty filter matches all) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        filter: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            valid: true;
                            /** @description scanned known accounts the filter is true for */
                            matchingAccounts: number;
                            /** @description every account the organization has stored */
                            knownAccounts: number;
                            /** @description accounts evaluated: the first 10000 by id */
                            scannedAccounts: number;
                            /** @description true when knownAccounts > scannedAccounts (matchingAccounts counts only those) */
                            truncated: boolean;
                        } | {
                            /** @enum {boolean} */
                            valid: false;
                            error: {
                                message: string;
                                /** @description 0-based character offset into the filter */
                                position: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest a bill version
         * @description Stores the bill (and upserts `account` when given) and creates one run per Bill integration, in one transaction → 202. The same (id, version) again → 200 with the same runs and no new work.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        version: number;
                        accountId: string;
                        accountCode?: string | null;
                        /**
                         * @default PENDING
                         * @enum {string}
                         */
                        status?: "PENDING" | "APPROVED";
                        billDate?: string | null;
                        dueDate?: string | null;
                        startDate?: string | null;
                        endDate?: string | null;
                        startDateTimeUTC?: string | null;
                        endDateTimeUTC?: string | null;
                        /** @enum {string|null} */
                        billingFrequency?: "DAILY" | "WEEKLY" | "MONTHLY" | "ANNUALLY" | "AD_HOC" | "MIXED" | null;
                        billFrequencyInterval?: number | null;
                        timezone?: string | null;
                        currency: string;
                        currencyConversions?: {
                            from: string;
                            to: string;
                            multiplier: string | number;
                        }[];
                        locked?: boolean | null;
                        billJobId?: string | null;
                        createdDate?: string | null;
                        lastCalculatedDate?: string | null;
                        billTotal?: (string | number) | null;
                        purchaseOrderNumber?: string | null;
                        externalInvoiceReference?: string | null;
                        externalInvoiceDate?: string | null;
                        sequentialInvoiceNumber?: string | null;
                        lineItems?: ({
                            id: string;
                            /** @enum {string} */
                            lineItemType: "STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC";
                            subtotal: string | number;
                            convertedSubtotal?: (string | number) | null;
                            currency?: string | null;
                            conversionRate?: (string | number) | null;
                            averageUnitPrice?: (string | number) | null;
                            quantity?: (string | number) | null;
                            units?: (string | number) | null;
                            unit?: string | null;
                            description?: string | null;
                            productId?: string | null;
                            productCode?: string | null;
                            productName?: string | null;
                            accountingProductId?: string | null;
                            accountingProductCode?: string | null;
                            accountingProductName?: string | null;
                            aggregationId?: string | null;
                            compoundAggregationId?: string | null;
                            meterId?: string | null;
                            planId?: string | null;
                            planGroupId?: string | null;
                            pricingId?: string | null;
                            counterId?: string | null;
                            chargeId?: string | null;
                            commitmentId?: string | null;
                            balanceId?: string | null;
                            contractId?: string | null;
                            creditTypeId?: string | null;
                            childAccountId?: string | null;
                            childAccountCode?: string | null;
                            referencedBillId?: string | null;
                            referencedLineItemId?: string | null;
                            reasonId?: string | null;
                            servicePeriodStartDate?: string | null;
                            servicePeriodEndDate?: string | null;
                            sequenceNumber?: number | null;
                            segment?: {
                                [key: string]: string;
                            } | null;
                            group?: {
                                [key: string]: string;
                            } | null;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description The bill’s account, upserted with the bill */
                        account?: {
                            name: string;
                            code: string;
                            currency?: string | null;
                            address?: {
                                addressLine1?: string | null;
                                addressLine2?: string | null;
                                addressLine3?: string | null;
                                addressLine4?: string | null;
                                locality?: string | null;
                                region?: string | null;
                                postCode?: string | null;
                                country?: string | null;
                            } | null;
                            customFields?: {
                                [key: string]: (string | number) | null;
                            } | null;
                            parentAccountId?: string | null;
                            id: string;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billId: string;
                            version: number;
                            runs: {
                                id: string;
                                integrationConfigId: string;
                                /** @description WAITING when created; the current status on a repeated post */
                                status: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billId: string;
                            version: number;
                            runs: {
                                id: string;
                                integrationConfigId: string;
                                /** @description WAITING when created; the current status on a repeated post */
                                status: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bills/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest up to 500 bill versions at once, answered bill by bill
         * @description Each bill is checked and answered on its own (`results` in request order), with the outcome posting them one by one to `POST /v1/bills` in that order would have. Every valid bill, its runs and account upserts are written in one transaction; the same batch again creates nothing new. A second item with the same (id, version) is a DUPLICATE of the first.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bills: unknown[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: {
                                /** @description 0-based position in the request’s bills */
                                index: number;
                                /** @description null for an INVALID item without a string id */
                                billId: string | null;
                                /** @description null for an INVALID item without a whole-number version */
                                version: number | null;
                                /**
                                 * @description STORED: stored now with its runs; STALE: stored now with its runs, but a newer version was already stored (its runs end SKIPPED / STALE_VERSION once that one is processed); DUPLICATE: this (id, version) was already stored (earlier in the request too): its runs, no new work; INVALID: refused, see errors
                                 * @enum {string}
                                 */
                                outcome: "STORED" | "DUPLICATE" | "STALE" | "INVALID";
                                runs: {
                                    id: string;
                                    integrationConfigId: string;
                                    /** @description WAITING when created; the current status on a repeated post */
                                    status: string;
                                }[];
                                /** @description INVALID only; paths within the bill */
                                errors: {
                                    path: string;
                                    message: string;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bills/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the newest stored version of a bill */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            accountId: string;
                            status: string;
                            currency: string;
                            lineItems: ({
                                id: string;
                                lineItemType: string;
                                /** @description decimal */
                                subtotal: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/destinations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The destinations this hub serves: credential fields, mapping tables, limits */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description the value of an integration’s and a credential’s `destination` */
                                id: string;
                                displayName: string;
                                /** @description the `externalSystem` of this destination’s external mappings */
                                externalSystem: string;
                                credential: {
                                    fields: {
                                        name: string;
                                        label: string;
                                        description: string | null;
                                        /** @description write-only: stored encrypted, never returned */
                                        secret: boolean;
                                        required: boolean;
                                    }[];
                                };
                                mappings: {
                                    account: {
                                        externalTable: string;
                                        description: string;
                                        metadataFields: {
                                            /** @description the key inside an account mapping’s metadata */
                                            name: string;
                                            label: string;
                                            description: string | null;
                                            required: boolean;
                                        }[];
                                    };
                                    dimension: {
                                        externalTable: string;
                                        description: string;
                                    };
                                };
                                limits: {
                                    maxBatchSize: number;
                                    acceptanceWindowMs: number;
                                    slotLengthMs: number | null;
                                    fractionalQuantities: boolean;
                                    maxQuantityDecimalPlaces: number;
                                    /** @description decimal string; null: no limit */
                                    maxEventQuantity: string | null;
                                };
                                /** @description true when the destination brings its own prerequisite checks */
                                prerequisites: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List credentials (oldest first) */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    destination?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: ({
                                id: string;
                                name: string;
                                destination: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtLastModified: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Store a destination credential; its secret is write-only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description name, destination and the destination's credential fields () */
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        destination: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description A stored credential with its destination's non-secret fields at the top level; secret fields are never returned (). */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            destination: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-credentials/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a credential (never its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A stored credential with its destination's non-secret fields at the top level; secret fields are never returned (). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            destination: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a credential; 409 while an integration is connected to it */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-credentials/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Try the credential against its destination (a token, or the keys accepted) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        } | {
                            /** @enum {boolean} */
                            ok: false;
                            error: {
                                code: string;
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List integrations (oldest first), optionally of one destination */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    destination?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                version: number;
                                name: string;
                                destination: string;
                                entityType: string;
                                enabled: boolean;
                                /**
                                 * @description CONNECTED when a credential is connected
                                 * @enum {string}
                                 */
                                status: "NOT_CONNECTED" | "CONNECTED";
                                credentialId: string | null;
                                disabledReason: string | null;
                                accountIds: string[];
                                restrictedAccountIds: string[];
                                disabledNotificationEmails: string[];
                                /** @description the configuration with every default filled in */
                                configData: {
                                    sendBillOnApprovalOnly: boolean;
                                    useExternalMappingAccountCode: boolean;
                                    excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                    accountFilter: string | null;
                                    enforceExternalMappingsForConfig: boolean;
                                    excludedProductIds: string[];
                                    excludedAggregationIds: string[];
                                    /** @enum {string} */
                                    splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                    marketplaceBillDimension: string | null;
                                    /** @description decimal string, e.g. "0.01" */
                                    unitPrice: string;
                                    currency: string;
                                    quantityDecimalPlaces: number;
                                    /** @enum {string} */
                                    overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                                } & {
                                    [key: string]: unknown;
                                };
                                consecutiveAuthFailures: number;
                                consecutiveErrors: number;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtLastModified: string;
                                /** @description the newest run of this integration (null: none yet) */
                                lastRun: {
                                    id: string;
                                    status: string;
                                    /** @description ISO-8601 UTC timestamp */
                                    dtCreated: string;
                                } | null;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an integration (not connected until a credential is connected) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        destination: string;
                        /**
                         * @default Bill
                         * @enum {string}
                         */
                        entityType?: "Bill";
                        /** @default true */
                        enabled?: boolean;
                        /** @default [] */
                        accountIds?: string[];
                        /** @default [] */
                        restrictedAccountIds?: string[];
                        /** @default [] */
                        disabledNotificationEmails?: string[];
                        configData: {
                            /** @default false */
                            sendBillOnApprovalOnly?: boolean;
                            /** @default false */
                            useExternalMappingAccountCode?: boolean;
                            /** @default [] */
                            excludedLineItemTypes?: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                            accountFilter?: string | null;
                            /** @default false */
                            enforceExternalMappingsForConfig?: boolean;
                            /** @default [] */
                            excludedProductIds?: string[];
                            /** @default [] */
                            excludedAggregationIds?: string[];
                            /**
                             * @default ITEM_PER_BILL
                             * @enum {string}
                             */
                            splitUsageLineItems?: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                            marketplaceBillDimension?: string | null;
                            unitPrice?: string | number;
                            currency?: string;
                            /** @default 0 */
                            quantityDecimalPlaces?: number;
                            /**
                             * @default CARRY_FORWARD
                             * @enum {string}
                             */
                            overReportPolicy?: "CARRY_FORWARD" | "RECORD_ONLY";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                            /** @description prerequisites found missing without calling the destination (no credential, no usable mapping, allowed accounts without a mapping, an account filter matching no known account); the save is kept. POST /v1/integrations/{id}/check checks against the destination too */
                            warnings: {
                                name: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an integration */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                            /** @description the newest run of this integration (null: none yet) */
                            lastRun: {
                                id: string;
                                status: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Replace an integration (full body plus the version read; stale version → 409) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        destination: string;
                        /**
                         * @default Bill
                         * @enum {string}
                         */
                        entityType?: "Bill";
                        /** @description omitted: keeps the current value */
                        enabled?: boolean;
                        /** @default [] */
                        accountIds?: string[];
                        /** @default [] */
                        restrictedAccountIds?: string[];
                        /** @default [] */
                        disabledNotificationEmails?: string[];
                        configData: {
                            /** @default false */
                            sendBillOnApprovalOnly?: boolean;
                            /** @default false */
                            useExternalMappingAccountCode?: boolean;
                            /** @default [] */
                            excludedLineItemTypes?: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                            accountFilter?: string | null;
                            /** @default false */
                            enforceExternalMappingsForConfig?: boolean;
                            /** @default [] */
                            excludedProductIds?: string[];
                            /** @default [] */
                            excludedAggregationIds?: string[];
                            /**
                             * @default ITEM_PER_BILL
                             * @enum {string}
                             */
                            splitUsageLineItems?: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                            marketplaceBillDimension?: string | null;
                            unitPrice?: string | number;
                            currency?: string;
                            /** @default 0 */
                            quantityDecimalPlaces?: number;
                            /**
                             * @default CARRY_FORWARD
                             * @enum {string}
                             */
                            overReportPolicy?: "CARRY_FORWARD" | "RECORD_ONLY";
                        };
                        /** @description the version read; a stale one answers 409 */
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                            /** @description prerequisites found missing without calling the destination (no credential, no usable mapping, allowed accounts without a mapping, an account filter matching no known account); the save is kept. POST /v1/integrations/{id}/check checks against the destination too */
                            warnings: {
                                name: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete an integration (its runs and usage stay readable) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}/credential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Connect or change the credential (same organization and destination) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        credentialId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Disconnect the credential; new runs wait as AWAITING_CREDENTIAL */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable; clears the disabled reason and the consecutive failure counters */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable; new runs park as DISABLED until it is enabled again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description optional: { reason } shown as disabledReason */
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            name: string;
                            destination: string;
                            entityType: string;
                            enabled: boolean;
                            /**
                             * @description CONNECTED when a credential is connected
                             * @enum {string}
                             */
                            status: "NOT_CONNECTED" | "CONNECTED";
                            credentialId: string | null;
                            disabledReason: string | null;
                            accountIds: string[];
                            restrictedAccountIds: string[];
                            disabledNotificationEmails: string[];
                            /** @description the configuration with every default filled in */
                            configData: {
                                sendBillOnApprovalOnly: boolean;
                                useExternalMappingAccountCode: boolean;
                                excludedLineItemTypes: ("STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC")[];
                                accountFilter: string | null;
                                enforceExternalMappingsForConfig: boolean;
                                excludedProductIds: string[];
                                excludedAggregationIds: string[];
                                /** @enum {string} */
                                splitUsageLineItems: "ITEM_PER_BILL" | "ITEM_PER_PRODUCT" | "ITEM_PER_AGGREGATION";
                                marketplaceBillDimension: string | null;
                                /** @description decimal string, e.g. "0.01" */
                                unitPrice: string;
                                currency: string;
                                quantityDecimalPlaces: number;
                                /** @enum {string} */
                                overReportPolicy: "CARRY_FORWARD" | "RECORD_ONLY";
                            } & {
                                [key: string]: unknown;
                            };
                            consecutiveAuthFailures: number;
                            consecutiveErrors: number;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the prerequisites against the destination (read-only)
         * @description Checks that a credential is connected and mappings exist, then runs the destination plugin's checks (typically: the credential is accepted, every mapped customer can take usage, the dimensions exist and are priced at configData.unitPrice in configData.currency, or SKIP where the destination offers no way to tell); also lists allowed accounts without a mapping and an accountFilter that no known account satisfies. Writes nothing; the destination's answers are cached for 30 s.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description true when no check failed */
                            ok: boolean;
                            integrationId: string;
                            /** @description the integration version checked */
                            version: number;
                            destination: string;
                            /** @description ISO-8601 UTC timestamp */
                            checkedAt: string;
                            checks: {
                                /** @description credential | accountMappings | subscriptions | dimensionMappings | planDimensions | dimensionPrices | allowedAccounts | accountFilter */
                                name: string;
                                /** @description false only when the check failed; a skipped check is ok */
                                ok: boolean;
                                /** @enum {string} */
                                status: "PASS" | "FAIL" | "SKIP";
                                /** @description what was found and, on failure, what to fix */
                                message: string;
                                details: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry-run a bill through an integration
         * @description Runs the pipeline (gates 3–11 and the ledger) without sending or storing anything. Disabled / not connected integrations are previewed as if enabled and connected.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bill: {
                            id: string;
                            version: number;
                            accountId: string;
                            accountCode?: string | null;
                            /**
                             * @default PENDING
                             * @enum {string}
                             */
                            status?: "PENDING" | "APPROVED";
                            billDate?: string | null;
                            dueDate?: string | null;
                            startDate?: string | null;
                            endDate?: string | null;
                            startDateTimeUTC?: string | null;
                            endDateTimeUTC?: string | null;
                            /** @enum {string|null} */
                            billingFrequency?: "DAILY" | "WEEKLY" | "MONTHLY" | "ANNUALLY" | "AD_HOC" | "MIXED" | null;
                            billFrequencyInterval?: number | null;
                            timezone?: string | null;
                            currency: string;
                            currencyConversions?: {
                                from: string;
                                to: string;
                                multiplier: string | number;
                            }[];
                            locked?: boolean | null;
                            billJobId?: string | null;
                            createdDate?: string | null;
                            lastCalculatedDate?: string | null;
                            billTotal?: (string | number) | null;
                            purchaseOrderNumber?: string | null;
                            externalInvoiceReference?: string | null;
                            externalInvoiceDate?: string | null;
                            sequentialInvoiceNumber?: string | null;
                            lineItems?: ({
                                id: string;
                                /** @enum {string} */
                                lineItemType: "STANDING_CHARGE" | "USAGE" | "COUNTER_RUNNING_TOTAL_CHARGE" | "COUNTER_ADJUSTMENT_DEBIT" | "COUNTER_ADJUSTMENT_CREDIT" | "USAGE_CREDIT" | "MINIMUM_SPEND" | "MINIMUM_SPEND_REFUND" | "CREDIT_DEDUCTION" | "MANUAL_ADJUSTMENT" | "CREDIT_MEMO" | "DEBIT_MEMO" | "COMMITMENT_CONSUMED" | "COMMITMENT_FEE" | "OVERAGE_SURCHARGE" | "OVERAGE_USAGE" | "BALANCE_CONSUMED" | "BALANCE_FEE" | "AD_HOC";
                                subtotal: string | number;
                                convertedSubtotal?: (string | number) | null;
                                currency?: string | null;
                                conversionRate?: (string | number) | null;
                                averageUnitPrice?: (string | number) | null;
                                quantity?: (string | number) | null;
                                units?: (string | number) | null;
                                unit?: string | null;
                                description?: string | null;
                                productId?: string | null;
                                productCode?: string | null;
                                productName?: string | null;
                                accountingProductId?: string | null;
                                accountingProductCode?: string | null;
                                accountingProductName?: string | null;
                                aggregationId?: string | null;
                                compoundAggregationId?: string | null;
                                meterId?: string | null;
                                planId?: string | null;
                                planGroupId?: string | null;
                                pricingId?: string | null;
                                counterId?: string | null;
                                chargeId?: string | null;
                                commitmentId?: string | null;
                                balanceId?: string | null;
                                contractId?: string | null;
                                creditTypeId?: string | null;
                                childAccountId?: string | null;
                                childAccountCode?: string | null;
                                referencedBillId?: string | null;
                                referencedLineItemId?: string | null;
                                reasonId?: string | null;
                                servicePeriodStartDate?: string | null;
                                servicePeriodEndDate?: string | null;
                                sequenceNumber?: number | null;
                                segment?: {
                                    [key: string]: string;
                                } | null;
                                group?: {
                                    [key: string]: string;
                                } | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description Used instead of the stored account */
                        account?: {
                            name: string;
                            code: string;
                            currency?: string | null;
                            address?: {
                                addressLine1?: string | null;
                                addressLine2?: string | null;
                                addressLine3?: string | null;
                                addressLine4?: string | null;
                                locality?: string | null;
                                region?: string | null;
                                postCode?: string | null;
                                country?: string | null;
                            } | null;
                            customFields?: {
                                [key: string]: (string | number) | null;
                            } | null;
                            parentAccountId?: string | null;
                            id: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome: "SEND" | "SKIPPED" | "ERROR";
                            /** @description Why it is SKIPPED or ERROR (e.g. ACCOUNT_FILTER, CURRENCY_MISMATCH) */
                            reason?: string;
                            message?: string;
                            /** @description SEND: the destination resource (the Account mapping externalId) */
                            resourceId?: string;
                            /** @description ERROR: every entity without a mapping */
                            missing?: {
                                m3terEntity: string;
                                m3terId: string;
                            }[];
                            includedLineItemIds: string[];
                            excludedLineItems: {
                                id: string;
                                reason: string;
                            }[];
                            usage: {
                                resourceId: string;
                                dimension: string;
                                /** @description decimal */
                                amount: string;
                                /** @description decimal */
                                target: string;
                                /** @description decimal */
                                alreadyReported: string;
                                /** @description decimal */
                                delta: string;
                                /** @description decimal */
                                creditAvailable: string;
                                /** @description decimal */
                                creditUsed: string;
                                /** @description decimal */
                                creditAdded: string;
                                /** @description what a run would send now (0: nothing) */
                                quantity: string;
                                lineItemIds: string[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/external-mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List mappings (oldest first), filtered by any of the query fields */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    m3terEntity?: "Account" | "Product" | "Aggregation" | "CompoundAggregation";
                    m3terId?: string;
                    externalSystem?: string;
                    externalTable?: string;
                    integrationConfigId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                /** @enum {string} */
                                m3terEntity: "Account" | "Product" | "Aggregation" | "CompoundAggregation";
                                m3terId: string;
                                externalSystem: string;
                                externalTable: string;
                                externalId: string;
                                integrationConfigId: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a mapping; a taken key → 409, an integrationConfigId not in the org → 404 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        m3terEntity: "Account" | "Product" | "Aggregation" | "CompoundAggregation";
                        m3terId: string;
                        externalSystem: string;
                        externalTable: string;
                        externalId: string;
                        integrationConfigId?: string | null;
                        metadata?: {
                            [key: string]: unknown;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            m3terEntity: "Account" | "Product" | "Aggregation" | "CompoundAggregation";
                            m3terId: string;
                            externalSystem: string;
                            externalTable: string;
                            externalId: string;
                            integrationConfigId: string | null;
                            metadata: {
                                [key: string]: unknown;
                            } | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/external-mappings/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import mappings in bulk: each row classified CREATE, UPDATE, UNCHANGED or ERROR; applied all or nothing unless dryRun */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        dryRun: boolean;
                        /** @description the integration rows that leave integrationConfigId out are linked to (null: unlinked) */
                        integrationConfigId?: string | null;
                        rows: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dryRun: boolean;
                            /** @description true when the changes were made (dryRun false, no ERROR row) */
                            applied: boolean;
                            summary: {
                                create: number;
                                update: number;
                                unchanged: number;
                                error: number;
                            };
                            rows: {
                                /** @description 0-based position in the request’s rows */
                                index: number;
                                /** @enum {string} */
                                action: "CREATE" | "UPDATE" | "UNCHANGED" | "ERROR";
                                /** @description the existing mapping the row matched, or the one an applied CREATE made */
                                mappingId: string | null;
                                /** @description paths inside the row */
                                errors: {
                                    path: string;
                                    message: string;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/external-mappings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a mapping */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            m3terEntity: "Account" | "Product" | "Aggregation" | "CompoundAggregation";
                            m3terId: string;
                            externalSystem: string;
                            externalTable: string;
                            externalId: string;
                            integrationConfigId: string | null;
                            metadata: {
                                [key: string]: unknown;
                            } | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a mapping */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{id}/external-mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The mappings linked to one integration */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                /** @enum {string} */
                                m3terEntity: "Account" | "Product" | "Aggregation" | "CompoundAggregation";
                                m3terId: string;
                                externalSystem: string;
                                externalTable: string;
                                externalId: string;
                                integrationConfigId: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List integration runs, newest first */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    entityType?: "Bill";
                    entityId?: string;
                    integrationConfigId?: string;
                    status?: "WAITING" | "STARTED" | "COMPLETE" | "SKIPPED" | "ERROR" | "AWAITING_RETRY" | "AWAITING_CREDENTIAL" | "AUTH_FAILED" | "DISABLED" | "UNCLEAR";
                    /** @description runs of bills of this account */
                    accountId?: string;
                    /** @description runs created at or after this time */
                    createdFrom?: string;
                    /** @description runs created before this time */
                    createdTo?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                integrationConfigId: string;
                                entityType: string;
                                entityId: string;
                                billVersion: number;
                                /** @description INGEST | REPLAY */
                                trigger: string;
                                replayOf: string | null;
                                /** @description WAITING | STARTED | COMPLETE | SKIPPED | ERROR | AWAITING_RETRY | AWAITING_CREDENTIAL | AUTH_FAILED | DISABLED | UNCLEAR */
                                status: string;
                                reason: string | null;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtStarted: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtCompleted: string | null;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a run with its usage entries and exchanges */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            integrationConfigId: string;
                            entityType: string;
                            entityId: string;
                            billVersion: number;
                            /** @description INGEST | REPLAY */
                            trigger: string;
                            replayOf: string | null;
                            /** @description WAITING | STARTED | COMPLETE | SKIPPED | ERROR | AWAITING_RETRY | AWAITING_CREDENTIAL | AUTH_FAILED | DISABLED | UNCLEAR */
                            status: string;
                            reason: string | null;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtStarted: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCompleted: string | null;
                            /** @description What the run decided: excluded line items, plan, ledger decisions */
                            detail: {
                                [key: string]: unknown;
                            } | null;
                            /** @description The usage entries (ledger) the run created */
                            usage: {
                                id: string;
                                billId: string;
                                billVersion: number;
                                resourceId: string;
                                dimension: string;
                                planId: string | null;
                                /** @description decimal */
                                amount: string;
                                /** @description decimal */
                                target: string;
                                /** @description decimal */
                                reportedBefore: string;
                                /** @description decimal */
                                creditUsed: string;
                                /** @description decimal */
                                creditAdded: string;
                                /** @description decimal */
                                quantity: string;
                                status: string;
                                usageEventId: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                            }[];
                            /** @description Requests and responses with the destination, redacted */
                            exchanges: {
                                id: string;
                                method: string;
                                url: string;
                                requestHeaders: {
                                    [key: string]: string;
                                };
                                requestBody: unknown;
                                status: number | null;
                                responseHeaders: {
                                    [key: string]: string;
                                };
                                responseBody: unknown;
                                error: string | null;
                                requestId: string | null;
                                correlationId: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                startedAt: string;
                                durationMs: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-runs/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay a run: a new run for the same bill version */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            integrationConfigId: string;
                            entityType: string;
                            entityId: string;
                            billVersion: number;
                            /** @description INGEST | REPLAY */
                            trigger: string;
                            replayOf: string | null;
                            /** @description WAITING | STARTED | COMPLETE | SKIPPED | ERROR | AWAITING_RETRY | AWAITING_CREDENTIAL | AUTH_FAILED | DISABLED | UNCLEAR */
                            status: string;
                            reason: string | null;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtStarted: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCompleted: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List usage events sent (or to be sent) to destinations, newest first */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    billId?: string;
                    integrationConfigId?: string;
                    status?: "PENDING" | "ACCEPTED" | "REJECTED" | "EXPIRED_RESLOTTED" | "VERIFYING" | "UNCLEAR";
                    /** @description events carrying usage of bills of this account */
                    accountId?: string;
                    /** @description the destination's customer / resource id, exactly */
                    resourceId?: string;
                    dimension?: string;
                    /** @description events whose effectiveStartTime is at or after this time */
                    effectiveFrom?: string;
                    /** @description events whose effectiveStartTime is before this time */
                    effectiveTo?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                integrationConfigId: string;
                                destination: string;
                                resourceId: string;
                                dimension: string;
                                planId: string | null;
                                /** @description decimal */
                                quantity: string;
                                /** @description ISO-8601 UTC timestamp */
                                effectiveStartTime: string | null;
                                /** @description PENDING | ACCEPTED | REJECTED | EXPIRED_RESLOTTED | VERIFYING | UNCLEAR */
                                status: string;
                                /** @description The destination's receipt for the event */
                                usageEventId: string | null;
                                /** @description The destination's error as recorded, or null */
                                error: unknown;
                                attempts: number;
                                /** @description The bills whose usage this event carries */
                                billIds: string[];
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtUpdated: string;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage-events/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decide an UNCLEAR event: the destination's delivery could be neither confirmed nor denied
         * @description RECORDED: the destination holds it (ACCEPTED). NOT_RECORDED: it does not (re-sent in a current hour). READ_BACK: ask the destination again. 409 unless the event is UNCLEAR.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        resolution: "RECORDED" | "NOT_RECORDED" | "READ_BACK";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            integrationConfigId: string;
                            destination: string;
                            resourceId: string;
                            dimension: string;
                            planId: string | null;
                            /** @description decimal */
                            quantity: string;
                            /** @description ISO-8601 UTC timestamp */
                            effectiveStartTime: string | null;
                            /** @description PENDING | ACCEPTED | REJECTED | EXPIRED_RESLOTTED | VERIFYING | UNCLEAR */
                            status: string;
                            /** @description The destination's receipt for the event */
                            usageEventId: string | null;
                            /** @description The destination's error as recorded, or null */
                            error: unknown;
                            attempts: number;
                            /** @description The bills whose usage this event carries */
                            billIds: string[];
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtUpdated: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accepted usage and credits per bill
         * @description One row per (bill, destination) the bill was run through. Usage comes from ACCEPTED events; a merged event counts for each bill by its own share. A bill's credits are what its lowered versions over-reported and is still unspent in its (resource, dimension) pool.
         */
        get: {
            parameters: {
                query?: {
                    billId?: string;
                    accountId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                accountId: string;
                                billId: string;
                                /** @description The destination's display name without ' Marketplace' */
                                externalSystem: string;
                                /** @description dimension → effectiveStartTime (ISO) → accepted quantity (decimal string) */
                                reportedUsage: {
                                    [key: string]: {
                                        [key: string]: string;
                                    };
                                };
                                /** @description dimension → credit held (decimal string) */
                                credits: {
                                    [key: string]: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List operator events (errors and warnings), newest first */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    eventName?: string;
                    integrationConfigId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                /** @description integration.missingaccountmapping.error | integration.authentication.error | integration.perform.error | integration.disabled.error | integration.overreport.warning | integration.late.warning | integration.unclear.warning */
                                eventName: string;
                                /** @description ISO-8601 UTC timestamp */
                                eventTime: string;
                                integrationConfigId: string | null;
                                message: string;
                                data: {
                                    [key: string]: unknown;
                                } | null;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sources (oldest first), optionally of one type */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                version: number;
                                type: string;
                                name: string;
                                settings: {
                                    [key: string]: unknown;
                                };
                                /** @description the non-secret fields only */
                                credential: {
                                    [key: string]: unknown;
                                };
                                /** @description seconds between scheduled syncs */
                                schedule: number;
                                enabled: boolean;
                                disabledReason: string | null;
                                notificationEmails: string[];
                                webhook: {
                                    /** @description false: this source type offers no webhook */
                                    available: boolean;
                                    /** @description a signature secret is configured (never shown) */
                                    secretSet: boolean;
                                    /** @description webhooks must carry a valid signature (a secret is set and the source can check it) */
                                    signatureChecked: boolean;
                                };
                                /** @description where the source's change feed continues (opaque) */
                                cursor: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                lastSyncAt: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtLastModified: string;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Configure a bill source; the answer shows the webhook URL once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a loaded source plugin id */
                        type: string;
                        name: string;
                        /**
                         * @description the source's settings, checked by the source plugin's settings schema
                         * @default {}
                         */
                        settings?: {
                            [key: string]: unknown;
                        };
                        /** @description seconds between scheduled syncs (default 300) */
                        schedule?: number;
                        enabled?: boolean;
                        /** @description mailed when the source's credential is refused or it disables itself */
                        notificationEmails?: string[];
                        /** @description write-only: the secret the billing platform signs its webhooks with (null clears it) */
                        webhookSecret?: string | null;
                        /** @description the source's credential; its secret fields are write-only */
                        credential: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            type: string;
                            name: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            /** @description the non-secret fields only */
                            credential: {
                                [key: string]: unknown;
                            };
                            /** @description seconds between scheduled syncs */
                            schedule: number;
                            enabled: boolean;
                            disabledReason: string | null;
                            notificationEmails: string[];
                            webhook: {
                                /** @description false: this source type offers no webhook */
                                available: boolean;
                                /** @description a signature secret is configured (never shown) */
                                secretSet: boolean;
                                /** @description webhooks must carry a valid signature (a secret is set and the source can check it) */
                                signatureChecked: boolean;
                            };
                            /** @description where the source's change feed continues (opaque) */
                            cursor: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            lastSyncAt: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                            /** @description shown once: the URL the billing platform posts to (only its token hash is stored) */
                            webhookUrl: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a source (never its secrets or webhook token) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            type: string;
                            name: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            /** @description the non-secret fields only */
                            credential: {
                                [key: string]: unknown;
                            };
                            /** @description seconds between scheduled syncs */
                            schedule: number;
                            enabled: boolean;
                            disabledReason: string | null;
                            notificationEmails: string[];
                            webhook: {
                                /** @description false: this source type offers no webhook */
                                available: boolean;
                                /** @description a signature secret is configured (never shown) */
                                secretSet: boolean;
                                /** @description webhooks must carry a valid signature (a secret is set and the source can check it) */
                                signatureChecked: boolean;
                            };
                            /** @description where the source's change feed continues (opaque) */
                            cursor: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            lastSyncAt: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Replace a source (full body plus the version read; stale version → 409) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a loaded source plugin id */
                        type: string;
                        name: string;
                        /**
                         * @description the source's settings, checked by the source plugin's settings schema
                         * @default {}
                         */
                        settings?: {
                            [key: string]: unknown;
                        };
                        /** @description seconds between scheduled syncs (default 300) */
                        schedule?: number;
                        enabled?: boolean;
                        /** @description mailed when the source's credential is refused or it disables itself */
                        notificationEmails?: string[];
                        /** @description write-only: the secret the billing platform signs its webhooks with (null clears it) */
                        webhookSecret?: string | null;
                        /** @description omitted: keeps the stored credential; given: replaces it whole */
                        credential?: {
                            [key: string]: unknown;
                        };
                        /** @description the version read; a stale one answers 409 */
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            type: string;
                            name: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            /** @description the non-secret fields only */
                            credential: {
                                [key: string]: unknown;
                            };
                            /** @description seconds between scheduled syncs */
                            schedule: number;
                            enabled: boolean;
                            disabledReason: string | null;
                            notificationEmails: string[];
                            webhook: {
                                /** @description false: this source type offers no webhook */
                                available: boolean;
                                /** @description a signature secret is configured (never shown) */
                                secretSet: boolean;
                                /** @description webhooks must carry a valid signature (a secret is set and the source can check it) */
                                signatureChecked: boolean;
                            };
                            /** @description where the source's change feed continues (opaque) */
                            cursor: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            lastSyncAt: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a source (its syncs stay readable; bills already ingested stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}/webhook-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the webhook token: the old URL stops working, the new one is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            version: number;
                            type: string;
                            name: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            /** @description the non-secret fields only */
                            credential: {
                                [key: string]: unknown;
                            };
                            /** @description seconds between scheduled syncs */
                            schedule: number;
                            enabled: boolean;
                            disabledReason: string | null;
                            notificationEmails: string[];
                            webhook: {
                                /** @description false: this source type offers no webhook */
                                available: boolean;
                                /** @description a signature secret is configured (never shown) */
                                secretSet: boolean;
                                /** @description webhooks must carry a valid signature (a secret is set and the source can check it) */
                                signatureChecked: boolean;
                            };
                            /** @description where the source's change feed continues (opaque) */
                            cursor: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            lastSyncAt: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtLastModified: string;
                            /** @description shown once: the URL the billing platform posts to (only its token hash is stored) */
                            webhookUrl: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Try the credential against the billing platform */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        } | {
                            /** @enum {boolean} */
                            ok: false;
                            error: {
                                code: string;
                                message: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync now; with { billDateStart, billDateEnd, status? } also backfill those bills */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description optional: a backfill of the bills dated in [billDateStart, billDateEnd) */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description backfill: bills dated from (inclusive) */
                        billDateStart: string;
                        /** @description backfill: bills dated until (exclusive) */
                        billDateEnd: string;
                        /** @enum {string} */
                        status?: "PENDING" | "APPROVED";
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            sourceId: string;
                            /** @description SCHEDULE | MANUAL | WEBHOOK | BACKFILL | RETRY */
                            trigger: string;
                            /** @description QUEUED | RUNNING | COMPLETE | ERROR | AUTH_FAILED */
                            status: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtStarted: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtFinished: string | null;
                            billsFetched: number;
                            /** @description new bill versions stored */
                            billsIngested: number;
                            /** @description bills that no longer exist, or versions already stored */
                            billsSkipped: number;
                            mappingsSynced: number;
                            errors: {
                                code: string;
                                message: string;
                                billId?: string;
                                /** @description ISO-8601 UTC timestamp */
                                at: string;
                            }[];
                            cursorBefore: string | null;
                            cursorAfter: string | null;
                            backfill: {
                                billDateStart: string;
                                billDateEnd: string;
                                status?: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}/syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A source's syncs, newest first */
        get: {
            parameters: {
                query?: {
                    pageSize?: number;
                    nextToken?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                sourceId: string;
                                /** @description SCHEDULE | MANUAL | WEBHOOK | BACKFILL | RETRY */
                                trigger: string;
                                /** @description QUEUED | RUNNING | COMPLETE | ERROR | AUTH_FAILED */
                                status: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtCreated: string;
                                /** @description ISO-8601 UTC timestamp */
                                dtStarted: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                dtFinished: string | null;
                                billsFetched: number;
                                /** @description new bill versions stored */
                                billsIngested: number;
                                /** @description bills that no longer exist, or versions already stored */
                                billsSkipped: number;
                                mappingsSynced: number;
                                errors: {
                                    code: string;
                                    message: string;
                                    billId?: string;
                                    /** @description ISO-8601 UTC timestamp */
                                    at: string;
                                }[];
                                cursorBefore: string | null;
                                cursorAfter: string | null;
                                backfill: {
                                    billDateStart: string;
                                    billDateEnd: string;
                                    status?: string;
                                } | null;
                            }[];
                            nextToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources/{id}/syncs/{syncId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a sync with its exchanges with the billing platform (redacted) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    syncId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            sourceId: string;
                            /** @description SCHEDULE | MANUAL | WEBHOOK | BACKFILL | RETRY */
                            trigger: string;
                            /** @description QUEUED | RUNNING | COMPLETE | ERROR | AUTH_FAILED */
                            status: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtCreated: string;
                            /** @description ISO-8601 UTC timestamp */
                            dtStarted: string | null;
                            /** @description ISO-8601 UTC timestamp */
                            dtFinished: string | null;
                            billsFetched: number;
                            /** @description new bill versions stored */
                            billsIngested: number;
                            /** @description bills that no longer exist, or versions already stored */
                            billsSkipped: number;
                            mappingsSynced: number;
                            errors: {
                                code: string;
                                message: string;
                                billId?: string;
                                /** @description ISO-8601 UTC timestamp */
                                at: string;
                            }[];
                            cursorBefore: string | null;
                            cursorAfter: string | null;
                            backfill: {
                                billDateStart: string;
                                billDateEnd: string;
                                status?: string;
                            } | null;
                            exchanges: {
                                id: string;
                                method: string;
                                url: string;
                                requestHeaders: {
                                    [key: string]: string;
                                };
                                requestBody: unknown;
                                status: number | null;
                                responseHeaders: {
                                    [key: string]: string;
                                };
                                responseBody: unknown;
                                error: string | null;
                                requestId: string | null;
                                correlationId: string | null;
                                /** @description ISO-8601 UTC timestamp */
                                startedAt: string;
                                durationMs: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    path: string;
                                    message: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
