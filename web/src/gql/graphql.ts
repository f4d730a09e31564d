/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ChangeDeliveryEmailsInput = {
  billingAccountId: string | number;
  /** D7: addresses separated by ";" with no spaces, at most 200 characters. */
  emails: string;
};

export type ChangeDeliveryMethodInput = {
  billingAccountId: string | number;
  /** D6: addresses to set in the same step, "a@x.by;b@y.by" (D7). */
  emails?: string | null | undefined;
  method: DeliveryMethod;
};

export type ChangeInvoiceFormatInput = {
  billingAccountId: string | number;
  format: InvoiceFormat;
};

export type ChangeSubscriberServicesInput = {
  action: ServiceAction;
  /** CSV or XLSX with the column «Номер» (multipart upload, as for renaming). */
  file?: File | null | undefined;
  /** The numbers; or send `file` instead (one of the two). */
  numbers?: Array<string> | null | undefined;
  serviceCode: string;
};

export type ChargesReportStatus =
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SENT';

export type CreateFeedbackTicketInput = {
  subject: string;
  text: string;
};

export type DeliveryMethod =
  | 'EMAIL'
  | 'SELF_PICKUP';

export type DeliveryStatus =
  | 'DONE'
  | 'QUEUED'
  | 'RUNNING';

export type DownloadFormat =
  | 'PDF'
  | 'XLSX'
  | 'XLSX_BREAKDOWN';

export type ErrorCode =
  | 'ALREADY_DONE'
  | 'CURRENT_PERIOD'
  | 'DOCUMENT_FAILED'
  | 'DUPLICATE_EMAIL'
  | 'DUPLICATE_NUMBER'
  | 'DUPLICATE_PAYMENT'
  | 'EMAILS_CONTAIN_SPACES'
  | 'EMAILS_REQUIRED'
  | 'EMAILS_TOO_LONG'
  | 'EMAIL_REQUIRED_FOR_METHOD'
  | 'FORMATION_WINDOW'
  | 'INVALID_AMOUNT'
  | 'INVALID_BIC'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_DATE'
  | 'INVALID_DOCUMENT_NUMBER'
  | 'INVALID_EMAIL'
  | 'INVALID_FILE'
  | 'INVALID_IBAN'
  | 'INVALID_INPUT'
  | 'INVALID_NAME'
  | 'INVALID_NUMBER'
  | 'INVALID_PERIOD'
  | 'INVALID_UNP'
  | 'INVOICE_NOT_FOUND'
  | 'LIST_EMPTY'
  | 'LIST_HAS_ERRORS'
  | 'LIST_TOO_LONG'
  | 'NOT_FOUND'
  | 'NO_EMAIL_ADDRESS'
  | 'PERIOD_NOT_AVAILABLE'
  | 'RENAME_MONTH_END'
  | 'SERVICE_NOT_ALLOWED'
  | 'TICKET_CLOSED'
  | 'TOO_MANY_ATTEMPTS'
  | 'UNAUTHENTICATED'
  | 'UNKNOWN_SERVICE'
  | 'UNKNOWN_SUBSCRIBER';

export type InvoiceFormat =
  | 'EXCEL'
  | 'EXCEL_BREAKDOWN'
  | 'PDF';

export type JobStatus =
  | 'DONE'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type LineStatus =
  | 'DONE'
  | 'FAILED'
  | 'QUEUED';

export type LoginInput = {
  login: string;
  password: string;
};

export type OrderCurrentChargesInput = {
  billingAccountId: string | number;
};

export type OrderInvoiceDownloadInput = {
  billingAccountId: string | number;
  format: DownloadFormat;
  period: string;
};

export type OrderInvoiceEmailInput = {
  billingAccountId: string | number;
  /** The same key again returns the first request, sends nothing. */
  idempotencyKey?: string | null | undefined;
  period: string;
};

export type RegisterPaymentInput = {
  amount: string;
  bank?: string | null | undefined;
  documentNumber: string;
  paidOn: string;
};

export type RenameItem = {
  name: string;
  /** As "+375291234567" (other spellings accepted). */
  number: string;
};

export type RenameSubscribersInput = {
  dryRun?: boolean | null | undefined;
  /** CSV or XLSX with the columns «Номер» and «Имя» (multipart upload). */
  file?: File | null | undefined;
  idempotencyKey?: string | null | undefined;
  items?: Array<RenameItem> | null | undefined;
};

export type ServiceAction =
  | 'ADD'
  | 'REMOVE';

export type ServiceOutcome =
  | 'ALREADY'
  | 'DONE'
  | 'NOT_ALLOWED'
  | 'UNKNOWN_NUMBER';

export type AccountsQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountsQuery = { billingAccounts: { nodes: Array<{ id: string, number: string, balance: string, downloadablePeriods: Array<string>, delivery: { method: DeliveryMethod, emails: Array<string>, format: InvoiceFormat, validFrom: string }, invoices: { nodes: Array<{ id: string, number: string, period: string, amountDue: string }> } }> } };

export type InvoiceServiceQueryVariables = Exact<{ [key: string]: never; }>;


export type InvoiceServiceQuery = { invoiceService: { available: boolean, reason: ErrorCode | null, resumesAt: string | null } };

export type OrderInvoiceEmailMutationVariables = Exact<{
  input: OrderInvoiceEmailInput;
}>;


export type OrderInvoiceEmailMutation = { orderInvoiceEmail: { request: { id: string, status: DeliveryStatus, progress: number | null, emails: Array<string> } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type EmailRequestFieldsFragment = { id: string, status: DeliveryStatus, progress: number | null, emails: Array<string> };

export type InvoiceEmailRequestQueryVariables = Exact<{
  id: string | number;
}>;


export type InvoiceEmailRequestQuery = { invoiceEmailRequest: { id: string, status: DeliveryStatus, progress: number | null, emails: Array<string> } | null };

export type InvoiceEmailRequestLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type InvoiceEmailRequestLiveSubscription = { invoiceEmailRequest: { id: string, status: DeliveryStatus, progress: number | null, emails: Array<string> } };

export type OrderInvoiceDownloadMutationVariables = Exact<{
  input: OrderInvoiceDownloadInput;
}>;


export type OrderInvoiceDownloadMutation = { orderInvoiceDownload: { job: { id: string, status: JobStatus, progress: number | null, downloadUrl: string | null, expiresAt: string | null, error: { code: ErrorCode, message: string } | null } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type JobFieldsFragment = { id: string, status: JobStatus, progress: number | null, downloadUrl: string | null, expiresAt: string | null, error: { code: ErrorCode, message: string } | null };

export type DocumentJobQueryVariables = Exact<{
  id: string | number;
}>;


export type DocumentJobQuery = { documentJob: { id: string, status: JobStatus, progress: number | null, downloadUrl: string | null, expiresAt: string | null, error: { code: ErrorCode, message: string } | null } | null };

export type DocumentJobLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type DocumentJobLiveSubscription = { documentJob: { id: string, status: JobStatus, progress: number | null, downloadUrl: string | null, expiresAt: string | null, error: { code: ErrorCode, message: string } | null } };

export type DeliveryChangeFragment = { appliesFromPeriod: string | null, delivery: { method: DeliveryMethod, emails: Array<string>, format: InvoiceFormat, validFrom: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> };

export type ChangeDeliveryMethodMutationVariables = Exact<{
  input: ChangeDeliveryMethodInput;
}>;


export type ChangeDeliveryMethodMutation = { changeDeliveryMethod: { appliesFromPeriod: string | null, delivery: { method: DeliveryMethod, emails: Array<string>, format: InvoiceFormat, validFrom: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type ChangeDeliveryEmailsMutationVariables = Exact<{
  input: ChangeDeliveryEmailsInput;
}>;


export type ChangeDeliveryEmailsMutation = { changeDeliveryEmails: { appliesFromPeriod: string | null, delivery: { method: DeliveryMethod, emails: Array<string>, format: InvoiceFormat, validFrom: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type ChangeInvoiceFormatMutationVariables = Exact<{
  input: ChangeInvoiceFormatInput;
}>;


export type ChangeInvoiceFormatMutation = { changeInvoiceFormat: { appliesFromPeriod: string | null, delivery: { method: DeliveryMethod, emails: Array<string>, format: InvoiceFormat, validFrom: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type ChargesReportFieldsFragment = { id: string, status: ChargesReportStatus, email: string };

export type OrderCurrentChargesMutationVariables = Exact<{
  input: OrderCurrentChargesInput;
}>;


export type OrderCurrentChargesMutation = { orderCurrentCharges: { report: { id: string, status: ChargesReportStatus, email: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type ChargesReportQueryVariables = Exact<{
  id: string | number;
}>;


export type ChargesReportQuery = { chargesReport: { id: string, status: ChargesReportStatus, email: string } | null };

export type ChargesReportLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ChargesReportLiveSubscription = { chargesReport: { id: string, status: ChargesReportStatus, email: string } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { token: string | null, expiresAt: string | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: { ok: boolean, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type ClientInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ClientInfoQuery = { me: { login: string }, client: { name: string, unp: string, okpo: string, balance: string, status: string, paymentForm: string, contractNumber: string, contractDate: string, email: string | null, bankAccounts: Array<{ iban: string, bic: string, bank: string }>, billingAccounts: { nodes: Array<{ id: string, number: string, balance: string, delivery: { method: DeliveryMethod, emails: Array<string>, format: InvoiceFormat } }> } } };

export type PaymentsQueryVariables = Exact<{ [key: string]: never; }>;


export type PaymentsQuery = { payments: { nodes: Array<{ id: string, paidOn: string, amount: string, documentNumber: string, bank: string | null, confirmed: boolean }> } };

export type RegisterPaymentMutationVariables = Exact<{
  input: RegisterPaymentInput;
}>;


export type RegisterPaymentMutation = { registerPayment: { payment: { id: string, amount: string, paidOn: string, confirmed: boolean } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type InstallmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type InstallmentsQuery = { installments: Array<{ item: string, total: string, months: number, monthlyPayment: string, lastPayment: string, paymentsMade: number, paymentsLeft: number, amountPaid: string, amountLeft: string, nextPaymentOn: string | null, payoffDate: string }> };

export type SubscribersQueryVariables = Exact<{
  search?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type SubscribersQuery = { subscribers: { nodes: Array<{ id: string, number: string, name: string, tariff: string, status: string, services: Array<{ code: string, name: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type FeedbackTicketsQueryVariables = Exact<{ [key: string]: never; }>;


export type FeedbackTicketsQuery = { feedbackTickets: { nodes: Array<{ id: string, subject: string, text: string, status: string, createdAt: string, replies: Array<{ author: string, text: string, createdAt: string, fromOperator: boolean }> }> } };

export type CreateFeedbackTicketMutationVariables = Exact<{
  input: CreateFeedbackTicketInput;
}>;


export type CreateFeedbackTicketMutation = { createFeedbackTicket: { ticket: { id: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type RenameSubscribersMutationVariables = Exact<{
  input: RenameSubscribersInput;
}>;


export type RenameSubscribersMutation = { renameSubscribers: { request: { id: string, status: JobStatus, lineCount: number } | null, lines: Array<{ position: number, number: string, ok: boolean, status: LineStatus | null, outcome: ServiceOutcome | null, error: { code: ErrorCode, field: string | null, message: string } | null }>, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type RenameRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type RenameRequestsQuery = { renameRequests: { nodes: Array<{ id: string, status: JobStatus, createdAt: string, lineCount: number }> } };

export type LineFieldsFragment = { position: number, number: string, ok: boolean, status: LineStatus | null, outcome: ServiceOutcome | null, error: { code: ErrorCode, field: string | null, message: string } | null };

export type RenameRequestLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type RenameRequestLiveSubscription = { renameRequest: { id: string, status: JobStatus } };

export type ServiceRequestLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ServiceRequestLiveSubscription = { serviceRequest: { id: string, status: JobStatus } };

export type ListJobNowQueryVariables = Exact<{
  id: string | number;
}>;


export type ListJobNowQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { status: JobStatus, id: string }
    | { status: JobStatus, id: string }
    | { id: string }
   | null };

export type AdditionalServicesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdditionalServicesQuery = { additionalServices: Array<{ code: string, name: string, allowedTariffs: Array<string> }> };

export type ServiceRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceRequestsQuery = { serviceRequests: { nodes: Array<{ id: string, action: ServiceAction, serviceCode: string, status: JobStatus, createdAt: string, lines: Array<{ position: number, number: string, ok: boolean, status: LineStatus | null, outcome: ServiceOutcome | null, error: { code: ErrorCode, field: string | null, message: string } | null }> }> } };

export type ChangeSubscriberServicesMutationVariables = Exact<{
  input: ChangeSubscriberServicesInput;
}>;


export type ChangeSubscriberServicesMutation = { changeSubscriberServices: { request: { id: string, status: JobStatus } | null, lines: Array<{ position: number, number: string, ok: boolean, status: LineStatus | null, outcome: ServiceOutcome | null, error: { code: ErrorCode, field: string | null, message: string } | null }>, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type RefusalFragment = { code: ErrorCode, field: string | null, message: string };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const EmailRequestFieldsFragmentDoc = new TypedDocumentString(`
    fragment EmailRequestFields on InvoiceEmailRequest {
  id
  status
  progress
  emails
}
    `, {"fragmentName":"EmailRequestFields"}) as unknown as TypedDocumentString<EmailRequestFieldsFragment, unknown>;
export const JobFieldsFragmentDoc = new TypedDocumentString(`
    fragment JobFields on DocumentJob {
  id
  status
  progress
  downloadUrl
  expiresAt
  error {
    code
    message
  }
}
    `, {"fragmentName":"JobFields"}) as unknown as TypedDocumentString<JobFieldsFragment, unknown>;
export const RefusalFragmentDoc = new TypedDocumentString(`
    fragment Refusal on UserError {
  code
  field
  message
}
    `, {"fragmentName":"Refusal"}) as unknown as TypedDocumentString<RefusalFragment, unknown>;
export const DeliveryChangeFragmentDoc = new TypedDocumentString(`
    fragment DeliveryChange on DeliverySettingsPayload {
  delivery {
    method
    emails
    format
    validFrom
  }
  appliesFromPeriod
  errors {
    ...Refusal
  }
}
    fragment Refusal on UserError {
  code
  field
  message
}`, {"fragmentName":"DeliveryChange"}) as unknown as TypedDocumentString<DeliveryChangeFragment, unknown>;
export const ChargesReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChargesReportFields on ChargesReport {
  id
  status
  email
}
    `, {"fragmentName":"ChargesReportFields"}) as unknown as TypedDocumentString<ChargesReportFieldsFragment, unknown>;
export const LineFieldsFragmentDoc = new TypedDocumentString(`
    fragment LineFields on LineResult {
  position
  number
  ok
  status
  outcome
  error {
    ...Refusal
  }
}
    fragment Refusal on UserError {
  code
  field
  message
}`, {"fragmentName":"LineFields"}) as unknown as TypedDocumentString<LineFieldsFragment, unknown>;
export const AccountsDocument = new TypedDocumentString(`
    query Accounts {
  billingAccounts(first: 100) {
    nodes {
      id
      number
      balance
      downloadablePeriods
      delivery {
        method
        emails
        format
        validFrom
      }
      invoices(first: 12) {
        nodes {
          id
          number
          period
          amountDue
        }
      }
    }
  }
}
    `, {"hash":"sha256:0f5711591c8706764063c0e5b1b6c1b9c7a43e7b444750f2e8c6652af27346b3"}) as unknown as TypedDocumentString<AccountsQuery, AccountsQueryVariables>;
export const InvoiceServiceDocument = new TypedDocumentString(`
    query InvoiceService {
  invoiceService {
    available
    reason
    resumesAt
  }
}
    `, {"hash":"sha256:d151d62c65072420418ad917fdbc4ac3ef8861d1a041b3ee58033c983a36eb66"}) as unknown as TypedDocumentString<InvoiceServiceQuery, InvoiceServiceQueryVariables>;
export const OrderInvoiceEmailDocument = new TypedDocumentString(`
    mutation OrderInvoiceEmail($input: OrderInvoiceEmailInput!) {
  orderInvoiceEmail(input: $input) {
    request {
      ...EmailRequestFields
    }
    errors {
      ...Refusal
    }
  }
}
    fragment EmailRequestFields on InvoiceEmailRequest {
  id
  status
  progress
  emails
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:9862783f2230aaf8750294fe12480cb6d9c90f3abbfc4b526e905b65bbe05d35"}) as unknown as TypedDocumentString<OrderInvoiceEmailMutation, OrderInvoiceEmailMutationVariables>;
export const InvoiceEmailRequestDocument = new TypedDocumentString(`
    query InvoiceEmailRequest($id: ID!) {
  invoiceEmailRequest(id: $id) {
    ...EmailRequestFields
  }
}
    fragment EmailRequestFields on InvoiceEmailRequest {
  id
  status
  progress
  emails
}`, {"hash":"sha256:911070c11600a653dd3eb98c0a2060df90d4040aff765a67cdcad948179a6d2f"}) as unknown as TypedDocumentString<InvoiceEmailRequestQuery, InvoiceEmailRequestQueryVariables>;
export const InvoiceEmailRequestLiveDocument = new TypedDocumentString(`
    subscription InvoiceEmailRequestLive($id: ID!) {
  invoiceEmailRequest(id: $id) {
    ...EmailRequestFields
  }
}
    fragment EmailRequestFields on InvoiceEmailRequest {
  id
  status
  progress
  emails
}`, {"hash":"sha256:23ea6287fef27e4044bf638593bfd52bab3cfeee67bc0dd6082d2720ae8ff348"}) as unknown as TypedDocumentString<InvoiceEmailRequestLiveSubscription, InvoiceEmailRequestLiveSubscriptionVariables>;
export const OrderInvoiceDownloadDocument = new TypedDocumentString(`
    mutation OrderInvoiceDownload($input: OrderInvoiceDownloadInput!) {
  orderInvoiceDownload(input: $input) {
    job {
      ...JobFields
    }
    errors {
      ...Refusal
    }
  }
}
    fragment JobFields on DocumentJob {
  id
  status
  progress
  downloadUrl
  expiresAt
  error {
    code
    message
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:a6542be46a84064d667964b410378055bd8b0bdcb9fc16478e156c8a5c24c52d"}) as unknown as TypedDocumentString<OrderInvoiceDownloadMutation, OrderInvoiceDownloadMutationVariables>;
export const DocumentJobDocument = new TypedDocumentString(`
    query DocumentJob($id: ID!) {
  documentJob(id: $id) {
    ...JobFields
  }
}
    fragment JobFields on DocumentJob {
  id
  status
  progress
  downloadUrl
  expiresAt
  error {
    code
    message
  }
}`, {"hash":"sha256:74930149a5b83dc2bc142786b59345bb428342a360d20fce6f45fbbb6f45cffc"}) as unknown as TypedDocumentString<DocumentJobQuery, DocumentJobQueryVariables>;
export const DocumentJobLiveDocument = new TypedDocumentString(`
    subscription DocumentJobLive($id: ID!) {
  documentJob(id: $id) {
    ...JobFields
  }
}
    fragment JobFields on DocumentJob {
  id
  status
  progress
  downloadUrl
  expiresAt
  error {
    code
    message
  }
}`, {"hash":"sha256:3b9703660074eca534638db0b8c5987a344e07bbc67646a6981278097b4a152f"}) as unknown as TypedDocumentString<DocumentJobLiveSubscription, DocumentJobLiveSubscriptionVariables>;
export const ChangeDeliveryMethodDocument = new TypedDocumentString(`
    mutation ChangeDeliveryMethod($input: ChangeDeliveryMethodInput!) {
  changeDeliveryMethod(input: $input) {
    ...DeliveryChange
  }
}
    fragment DeliveryChange on DeliverySettingsPayload {
  delivery {
    method
    emails
    format
    validFrom
  }
  appliesFromPeriod
  errors {
    ...Refusal
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:3d053e68345b37f4e491524e1c369554e7e598d813165e088f1cb16be2461251"}) as unknown as TypedDocumentString<ChangeDeliveryMethodMutation, ChangeDeliveryMethodMutationVariables>;
export const ChangeDeliveryEmailsDocument = new TypedDocumentString(`
    mutation ChangeDeliveryEmails($input: ChangeDeliveryEmailsInput!) {
  changeDeliveryEmails(input: $input) {
    ...DeliveryChange
  }
}
    fragment DeliveryChange on DeliverySettingsPayload {
  delivery {
    method
    emails
    format
    validFrom
  }
  appliesFromPeriod
  errors {
    ...Refusal
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:ec6ee8ba6704373d14ca0492d64aaf1a5f6bc5ebbb8fdfc0d70d3216630160f2"}) as unknown as TypedDocumentString<ChangeDeliveryEmailsMutation, ChangeDeliveryEmailsMutationVariables>;
export const ChangeInvoiceFormatDocument = new TypedDocumentString(`
    mutation ChangeInvoiceFormat($input: ChangeInvoiceFormatInput!) {
  changeInvoiceFormat(input: $input) {
    ...DeliveryChange
  }
}
    fragment DeliveryChange on DeliverySettingsPayload {
  delivery {
    method
    emails
    format
    validFrom
  }
  appliesFromPeriod
  errors {
    ...Refusal
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:71ae6eff8d6e40a18401a305cc195b83604ad30a5737613d365c73f8229ac25e"}) as unknown as TypedDocumentString<ChangeInvoiceFormatMutation, ChangeInvoiceFormatMutationVariables>;
export const OrderCurrentChargesDocument = new TypedDocumentString(`
    mutation OrderCurrentCharges($input: OrderCurrentChargesInput!) {
  orderCurrentCharges(input: $input) {
    report {
      ...ChargesReportFields
    }
    errors {
      ...Refusal
    }
  }
}
    fragment ChargesReportFields on ChargesReport {
  id
  status
  email
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:fc0a9a04c91903ee6fa7cd0920f41ffac873a5c04fc93de647133cbf8490d145"}) as unknown as TypedDocumentString<OrderCurrentChargesMutation, OrderCurrentChargesMutationVariables>;
export const ChargesReportDocument = new TypedDocumentString(`
    query ChargesReport($id: ID!) {
  chargesReport(id: $id) {
    ...ChargesReportFields
  }
}
    fragment ChargesReportFields on ChargesReport {
  id
  status
  email
}`, {"hash":"sha256:b0d245248c3adbd78d5e0431f47abe549702fda7746c0753d3a192f3d84bdc94"}) as unknown as TypedDocumentString<ChargesReportQuery, ChargesReportQueryVariables>;
export const ChargesReportLiveDocument = new TypedDocumentString(`
    subscription ChargesReportLive($id: ID!) {
  chargesReport(id: $id) {
    ...ChargesReportFields
  }
}
    fragment ChargesReportFields on ChargesReport {
  id
  status
  email
}`, {"hash":"sha256:2f07fdb7803564954c1e543d16d1ac1a083cfbd4fa20dd3a0d272b93990ad4a1"}) as unknown as TypedDocumentString<ChargesReportLiveSubscription, ChargesReportLiveSubscriptionVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    token
    expiresAt
    errors {
      ...Refusal
    }
  }
}
    fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:cde5dd99ecdc2195f0d69f1b3fd4af043dad3c5607073101c2ac52f44e907713"}) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout {
    ok
    errors {
      ...Refusal
    }
  }
}
    fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:a73a99e069ecf7c45b147c1f831111a20c12fb18ff33d4d7c1d147c4e9de028b"}) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const ClientInfoDocument = new TypedDocumentString(`
    query ClientInfo {
  me {
    login
  }
  client {
    name
    unp
    okpo
    balance
    status
    paymentForm
    contractNumber
    contractDate
    email
    bankAccounts {
      iban
      bic
      bank
    }
    billingAccounts(first: 100) {
      nodes {
        id
        number
        balance
        delivery {
          method
          emails
          format
        }
      }
    }
  }
}
    `, {"hash":"sha256:61d5d4bf1646c822534f6177ba4fd46e7d917e2230bfb086aedc245d8248a1c2"}) as unknown as TypedDocumentString<ClientInfoQuery, ClientInfoQueryVariables>;
export const PaymentsDocument = new TypedDocumentString(`
    query Payments {
  payments(first: 50) {
    nodes {
      id
      paidOn
      amount
      documentNumber
      bank
      confirmed
    }
  }
}
    `, {"hash":"sha256:5cfcb96a8825ae852e8b0ae62bca6bc1642343f9777cfa7c153050128ea83fbb"}) as unknown as TypedDocumentString<PaymentsQuery, PaymentsQueryVariables>;
export const RegisterPaymentDocument = new TypedDocumentString(`
    mutation RegisterPayment($input: RegisterPaymentInput!) {
  registerPayment(input: $input) {
    payment {
      id
      amount
      paidOn
      confirmed
    }
    errors {
      ...Refusal
    }
  }
}
    fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:f6a893d9c13868c6edb89f9226061c440d835cc0edbb3aa7ceabf65ebf99e16e"}) as unknown as TypedDocumentString<RegisterPaymentMutation, RegisterPaymentMutationVariables>;
export const InstallmentsDocument = new TypedDocumentString(`
    query Installments {
  installments {
    item
    total
    months
    monthlyPayment
    lastPayment
    paymentsMade
    paymentsLeft
    amountPaid
    amountLeft
    nextPaymentOn
    payoffDate
  }
}
    `, {"hash":"sha256:89be96fdefeb5f69917719662291efeba226807cc3322578a3ff9dea043c8ba4"}) as unknown as TypedDocumentString<InstallmentsQuery, InstallmentsQueryVariables>;
export const SubscribersDocument = new TypedDocumentString(`
    query Subscribers($search: String, $after: String) {
  subscribers(search: $search, first: 50, after: $after) {
    nodes {
      id
      number
      name
      tariff
      status
      services {
        code
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:cfc42c92a34a5bf15cbda3bf75c4909c48fcce3643c4cd346fc98f014dd18afa"}) as unknown as TypedDocumentString<SubscribersQuery, SubscribersQueryVariables>;
export const FeedbackTicketsDocument = new TypedDocumentString(`
    query FeedbackTickets {
  feedbackTickets(first: 50) {
    nodes {
      id
      subject
      text
      status
      createdAt
      replies {
        author
        text
        createdAt
        fromOperator
      }
    }
  }
}
    `, {"hash":"sha256:0f6780e6745ecae2409913b01d5412d3a83ef5384764510b3e6c33cdb7f76f3d"}) as unknown as TypedDocumentString<FeedbackTicketsQuery, FeedbackTicketsQueryVariables>;
export const CreateFeedbackTicketDocument = new TypedDocumentString(`
    mutation CreateFeedbackTicket($input: CreateFeedbackTicketInput!) {
  createFeedbackTicket(input: $input) {
    ticket {
      id
    }
    errors {
      ...Refusal
    }
  }
}
    fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:a4fbda90edacb97f0a57c7196e1dfe0891980604cfd9e61b88406c1462d8169c"}) as unknown as TypedDocumentString<CreateFeedbackTicketMutation, CreateFeedbackTicketMutationVariables>;
export const RenameSubscribersDocument = new TypedDocumentString(`
    mutation RenameSubscribers($input: RenameSubscribersInput!) {
  renameSubscribers(input: $input) {
    request {
      id
      status
      lineCount
    }
    lines {
      ...LineFields
    }
    errors {
      ...Refusal
    }
  }
}
    fragment LineFields on LineResult {
  position
  number
  ok
  status
  outcome
  error {
    ...Refusal
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:a8cceec66ed33d57a4066a0f416a506f6eff5f41c8226f9287c75ed4753d5def"}) as unknown as TypedDocumentString<RenameSubscribersMutation, RenameSubscribersMutationVariables>;
export const RenameRequestsDocument = new TypedDocumentString(`
    query RenameRequests {
  renameRequests(first: 10) {
    nodes {
      id
      status
      createdAt
      lineCount
    }
  }
}
    `, {"hash":"sha256:8049080d75022a2b2ccef27ca20a42ccae520775c0fecf363eb79b45b4e78c30"}) as unknown as TypedDocumentString<RenameRequestsQuery, RenameRequestsQueryVariables>;
export const RenameRequestLiveDocument = new TypedDocumentString(`
    subscription RenameRequestLive($id: ID!) {
  renameRequest(id: $id) {
    id
    status
  }
}
    `, {"hash":"sha256:fc24d3b9fa0e94cf32e95ca38edb6747d0ac4aa6bba941d522ab250dbccc733a"}) as unknown as TypedDocumentString<RenameRequestLiveSubscription, RenameRequestLiveSubscriptionVariables>;
export const ServiceRequestLiveDocument = new TypedDocumentString(`
    subscription ServiceRequestLive($id: ID!) {
  serviceRequest(id: $id) {
    id
    status
  }
}
    `, {"hash":"sha256:4cedd2b214bae1099de26fe61c892ac897dfd05fc2279d2e0b8f86103a56f28a"}) as unknown as TypedDocumentString<ServiceRequestLiveSubscription, ServiceRequestLiveSubscriptionVariables>;
export const ListJobNowDocument = new TypedDocumentString(`
    query ListJobNow($id: ID!) {
  node(id: $id) {
    id
    ... on RenameRequest {
      status
    }
    ... on ServiceRequest {
      status
    }
  }
}
    `, {"hash":"sha256:b90170a9ed370a2990f27d527fca50e71faf42e59aece3bbaffb39282d50a724"}) as unknown as TypedDocumentString<ListJobNowQuery, ListJobNowQueryVariables>;
export const AdditionalServicesDocument = new TypedDocumentString(`
    query AdditionalServices {
  additionalServices {
    code
    name
    allowedTariffs
  }
}
    `, {"hash":"sha256:f9a502da85950f16da7552f54bcd012e18d8d131c20d0250dbc60f4cbb585ea8"}) as unknown as TypedDocumentString<AdditionalServicesQuery, AdditionalServicesQueryVariables>;
export const ServiceRequestsDocument = new TypedDocumentString(`
    query ServiceRequests {
  serviceRequests(first: 20) {
    nodes {
      id
      action
      serviceCode
      status
      createdAt
      lines(first: 50) {
        ...LineFields
      }
    }
  }
}
    fragment LineFields on LineResult {
  position
  number
  ok
  status
  outcome
  error {
    ...Refusal
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:78c10394ed9ac359fb4d333fb602a3cd600e9ae03084876581d6701f2d0f461a"}) as unknown as TypedDocumentString<ServiceRequestsQuery, ServiceRequestsQueryVariables>;
export const ChangeSubscriberServicesDocument = new TypedDocumentString(`
    mutation ChangeSubscriberServices($input: ChangeSubscriberServicesInput!) {
  changeSubscriberServices(input: $input) {
    request {
      id
      status
    }
    lines {
      ...LineFields
    }
    errors {
      ...Refusal
    }
  }
}
    fragment LineFields on LineResult {
  position
  number
  ok
  status
  outcome
  error {
    ...Refusal
  }
}
fragment Refusal on UserError {
  code
  field
  message
}`, {"hash":"sha256:fbf2e18ad522ccacb005c0b77571acf5e8500027cb69e9fa899a108a7860b569"}) as unknown as TypedDocumentString<ChangeSubscriberServicesMutation, ChangeSubscriberServicesMutationVariables>;