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

export type DeliveryResultStatus =
  | 'DEFERRED'
  | 'FAILED'
  | 'PENDING'
  | 'REFUSED'
  | 'SENT';

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


export type OrderInvoiceEmailMutation = { orderInvoiceEmail: { request: { id: string, status: DeliveryStatus, emails: Array<string>, format: InvoiceFormat } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type InvoiceEmailRequestQueryVariables = Exact<{
  id: string | number;
}>;


export type InvoiceEmailRequestQuery = { invoiceEmailRequest: { id: string, status: DeliveryStatus, emails: Array<string>, results: Array<{ address: string, status: DeliveryResultStatus, detail: string | null }> } | null };

export type InvoiceEmailRequestLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type InvoiceEmailRequestLiveSubscription = { invoiceEmailRequest: { id: string, status: DeliveryStatus, progress: number | null, emails: Array<string>, results: Array<{ address: string, status: DeliveryResultStatus, detail: string | null }> } };

export type OrderInvoiceDownloadMutationVariables = Exact<{
  input: OrderInvoiceDownloadInput;
}>;


export type OrderInvoiceDownloadMutation = { orderInvoiceDownload: { job: { id: string, status: JobStatus } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type DocumentJobQueryVariables = Exact<{
  id: string | number;
}>;


export type DocumentJobQuery = { documentJob: { id: string, status: JobStatus, format: DownloadFormat, period: string, progress: number | null, downloadUrl: string | null, expiresAt: string | null, error: { code: ErrorCode, message: string } | null } | null };

export type DocumentJobLiveSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type DocumentJobLiveSubscription = { documentJob: { id: string, status: JobStatus, progress: number | null, downloadUrl: string | null, expiresAt: string | null, error: { code: ErrorCode, message: string } | null } };

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

export type OrderCurrentChargesMutationVariables = Exact<{
  input: OrderCurrentChargesInput;
}>;


export type OrderCurrentChargesMutation = { orderCurrentCharges: { report: { id: string, status: ChargesReportStatus, email: string } | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type ChargesReportQueryVariables = Exact<{
  id: string | number;
}>;


export type ChargesReportQuery = { chargesReport: { id: string, status: ChargesReportStatus, email: string, result: string | null } | null };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { token: string | null, expiresAt: string | null, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: { ok: boolean, errors: Array<{ code: ErrorCode, message: string }> } };

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


export type RenameSubscribersMutation = { renameSubscribers: { request: { id: string, status: JobStatus, lineCount: number } | null, lines: Array<{ position: number, number: string, ok: boolean, status: LineStatus | null, error: { code: ErrorCode, field: string | null, message: string } | null }>, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

export type RenameRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type RenameRequestsQuery = { renameRequests: { nodes: Array<{ id: string, status: JobStatus, createdAt: string, lineCount: number }> } };

export type AdditionalServicesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdditionalServicesQuery = { additionalServices: Array<{ code: string, name: string, allowedTariffs: Array<string> }> };

export type ServiceRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceRequestsQuery = { serviceRequests: { nodes: Array<{ id: string, action: ServiceAction, serviceCode: string, status: JobStatus, createdAt: string, lines: Array<{ position: number, number: string, ok: boolean, outcome: ServiceOutcome | null, error: { message: string } | null }> }> } };

export type ChangeSubscriberServicesMutationVariables = Exact<{
  input: ChangeSubscriberServicesInput;
}>;


export type ChangeSubscriberServicesMutation = { changeSubscriberServices: { request: { id: string, status: JobStatus } | null, lines: Array<{ position: number, number: string, ok: boolean, outcome: ServiceOutcome | null, error: { code: ErrorCode, field: string | null, message: string } | null }>, errors: Array<{ code: ErrorCode, field: string | null, message: string }> } };

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
      id
      status
      emails
      format
    }
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:acba476b8d9fc8ddf2e8a234b2a9fcfe1a33515e5df7fbf920b60802f5a75e01"}) as unknown as TypedDocumentString<OrderInvoiceEmailMutation, OrderInvoiceEmailMutationVariables>;
export const InvoiceEmailRequestDocument = new TypedDocumentString(`
    query InvoiceEmailRequest($id: ID!) {
  invoiceEmailRequest(id: $id) {
    id
    status
    emails
    results {
      address
      status
      detail
    }
  }
}
    `, {"hash":"sha256:26345035103cd7ba1c9bedbd24558309944adfa6824ae43731f6d9ebe3779ad7"}) as unknown as TypedDocumentString<InvoiceEmailRequestQuery, InvoiceEmailRequestQueryVariables>;
export const InvoiceEmailRequestLiveDocument = new TypedDocumentString(`
    subscription InvoiceEmailRequestLive($id: ID!) {
  invoiceEmailRequest(id: $id) {
    id
    status
    progress
    emails
    results {
      address
      status
      detail
    }
  }
}
    `, {"hash":"sha256:d95fa394b87a830a1cbb24685e7d96b0ad13fae7a599007e8e7511db6411c5e4"}) as unknown as TypedDocumentString<InvoiceEmailRequestLiveSubscription, InvoiceEmailRequestLiveSubscriptionVariables>;
export const OrderInvoiceDownloadDocument = new TypedDocumentString(`
    mutation OrderInvoiceDownload($input: OrderInvoiceDownloadInput!) {
  orderInvoiceDownload(input: $input) {
    job {
      id
      status
    }
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:8d64de30ad0e1b7b5c25eec3f053db75af1e052dd8dc56854bf411579b5a2426"}) as unknown as TypedDocumentString<OrderInvoiceDownloadMutation, OrderInvoiceDownloadMutationVariables>;
export const DocumentJobDocument = new TypedDocumentString(`
    query DocumentJob($id: ID!) {
  documentJob(id: $id) {
    id
    status
    format
    period
    progress
    downloadUrl
    expiresAt
    error {
      code
      message
    }
  }
}
    `, {"hash":"sha256:faf37467e043cac09aea4f2d9a99281520453d0b546d7e6d8b432d9c310732e2"}) as unknown as TypedDocumentString<DocumentJobQuery, DocumentJobQueryVariables>;
export const DocumentJobLiveDocument = new TypedDocumentString(`
    subscription DocumentJobLive($id: ID!) {
  documentJob(id: $id) {
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
}
    `, {"hash":"sha256:3650b7e33a6937cbfb40a19cae97f779ff5403e22947305184c1cf5ee8684289"}) as unknown as TypedDocumentString<DocumentJobLiveSubscription, DocumentJobLiveSubscriptionVariables>;
export const ChangeDeliveryMethodDocument = new TypedDocumentString(`
    mutation ChangeDeliveryMethod($input: ChangeDeliveryMethodInput!) {
  changeDeliveryMethod(input: $input) {
    delivery {
      method
      emails
      format
      validFrom
    }
    appliesFromPeriod
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:8bbb2514a4cfcc3522d663acaec972e0d9518edbb6dedbf5b61e71ac295734e1"}) as unknown as TypedDocumentString<ChangeDeliveryMethodMutation, ChangeDeliveryMethodMutationVariables>;
export const ChangeDeliveryEmailsDocument = new TypedDocumentString(`
    mutation ChangeDeliveryEmails($input: ChangeDeliveryEmailsInput!) {
  changeDeliveryEmails(input: $input) {
    delivery {
      method
      emails
      format
      validFrom
    }
    appliesFromPeriod
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:fad4fffdee3f9df7e459bbc77821c3795613d81b87da3517aa69a9c749f783dc"}) as unknown as TypedDocumentString<ChangeDeliveryEmailsMutation, ChangeDeliveryEmailsMutationVariables>;
export const ChangeInvoiceFormatDocument = new TypedDocumentString(`
    mutation ChangeInvoiceFormat($input: ChangeInvoiceFormatInput!) {
  changeInvoiceFormat(input: $input) {
    delivery {
      method
      emails
      format
      validFrom
    }
    appliesFromPeriod
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:108b6f409fc4fd83a4fa0213c5d2373c93f6f7cdd42671500f09ab6abbac58b4"}) as unknown as TypedDocumentString<ChangeInvoiceFormatMutation, ChangeInvoiceFormatMutationVariables>;
export const OrderCurrentChargesDocument = new TypedDocumentString(`
    mutation OrderCurrentCharges($input: OrderCurrentChargesInput!) {
  orderCurrentCharges(input: $input) {
    report {
      id
      status
      email
    }
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:0bb4628ef3d97541ff8e6ef1f1ff5446a6dbf9d1c979e9dfe172d94897d1acf6"}) as unknown as TypedDocumentString<OrderCurrentChargesMutation, OrderCurrentChargesMutationVariables>;
export const ChargesReportDocument = new TypedDocumentString(`
    query ChargesReport($id: ID!) {
  chargesReport(id: $id) {
    id
    status
    email
    result
  }
}
    `, {"hash":"sha256:78910dffeec7565967b82703ca80494eb795a0c1339a03a94ad07f3fbe6f7544"}) as unknown as TypedDocumentString<ChargesReportQuery, ChargesReportQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    token
    expiresAt
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:2d72b18aca5a6c88fc20b8e5b169f471feab591d454a862ac79b2abe2d7e721a"}) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout {
    ok
    errors {
      code
      message
    }
  }
}
    `, {"hash":"sha256:c720a77cf0c4fc0ca149c6dedd7579aa3b887215759e869ddeb35d40aadf8413"}) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
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
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:98740fcce98c791979023229d730d2166e81900abec1d78c642c09dd23328444"}) as unknown as TypedDocumentString<RegisterPaymentMutation, RegisterPaymentMutationVariables>;
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
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:b0017746ba05604c3a66cccde7aabc16c62b0ee3df1065a2f7d06d5d3f258f74"}) as unknown as TypedDocumentString<CreateFeedbackTicketMutation, CreateFeedbackTicketMutationVariables>;
export const RenameSubscribersDocument = new TypedDocumentString(`
    mutation RenameSubscribers($input: RenameSubscribersInput!) {
  renameSubscribers(input: $input) {
    request {
      id
      status
      lineCount
    }
    lines {
      position
      number
      ok
      status
      error {
        code
        field
        message
      }
    }
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:9b59917ec8ce36a5ba83ac2f31d74e45bdc24255c733af83cac5b93ab83f74ab"}) as unknown as TypedDocumentString<RenameSubscribersMutation, RenameSubscribersMutationVariables>;
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
        position
        number
        ok
        outcome
        error {
          message
        }
      }
    }
  }
}
    `, {"hash":"sha256:1f60884a4db9d301e3f1908fc893a334b2b85ca268c9871adaae9a7e5a077f09"}) as unknown as TypedDocumentString<ServiceRequestsQuery, ServiceRequestsQueryVariables>;
export const ChangeSubscriberServicesDocument = new TypedDocumentString(`
    mutation ChangeSubscriberServices($input: ChangeSubscriberServicesInput!) {
  changeSubscriberServices(input: $input) {
    request {
      id
      status
    }
    lines {
      position
      number
      ok
      outcome
      error {
        code
        field
        message
      }
    }
    errors {
      code
      field
      message
    }
  }
}
    `, {"hash":"sha256:1214ef8806918d909bcf274df95faad3be7ae30c5790f4cdd8cee92a08f33abd"}) as unknown as TypedDocumentString<ChangeSubscriberServicesMutation, ChangeSubscriberServicesMutationVariables>;