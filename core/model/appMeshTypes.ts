// Generated from appmesh-2019-01-25.json by scripts/generate-appmesh-types.ts. Do not edit.

export interface AccessLog {
  readonly file?: FileAccessLog;
}

export interface AwsCloudMapInstanceAttribute {
  readonly key: string;
  readonly value: string;
}

export interface AwsCloudMapServiceDiscovery {
  readonly attributes?: readonly AwsCloudMapInstanceAttribute[];
  readonly ipPreference?: "IPv6_PREFERRED" | "IPv4_PREFERRED" | "IPv4_ONLY" | "IPv6_ONLY";
  readonly namespaceName: string;
  readonly serviceName: string;
}

export interface Backend {
  readonly virtualService?: VirtualServiceBackend;
}

export interface BackendDefaults {
  readonly clientPolicy?: ClientPolicy;
}

export interface ClientPolicy {
  readonly tls?: ClientPolicyTls;
}

export interface ClientPolicyTls {
  readonly certificate?: ClientTlsCertificate;
  readonly enforce?: boolean;
  readonly ports?: readonly number[];
  readonly validation: TlsValidationContext;
}

export interface ClientTlsCertificate {
  readonly file?: ListenerTlsFileCertificate;
  readonly sds?: ListenerTlsSdsCertificate;
}

export interface DnsServiceDiscovery {
  readonly hostname: string;
  readonly ipPreference?: "IPv6_PREFERRED" | "IPv4_PREFERRED" | "IPv4_ONLY" | "IPv6_ONLY";
  readonly responseType?: "LOADBALANCER" | "ENDPOINTS";
}

export interface Duration {
  readonly unit?: "s" | "ms";
  readonly value?: number;
}

export interface EgressFilter {
  readonly type: "ALLOW_ALL" | "DROP_ALL";
}

export interface FileAccessLog {
  readonly format?: LoggingFormat;
  readonly path: string;
}

export interface GatewayRouteHostnameMatch {
  readonly exact?: string;
  readonly suffix?: string;
}

export interface GatewayRouteHostnameRewrite {
  readonly defaultTargetHostname?: "ENABLED" | "DISABLED";
}

export interface GatewayRouteSpec {
  readonly grpcRoute?: GrpcGatewayRoute;
  readonly http2Route?: HttpGatewayRoute;
  readonly httpRoute?: HttpGatewayRoute;
  readonly priority?: number;
}

export interface GatewayRouteTarget {
  readonly port?: number;
  readonly virtualService: GatewayRouteVirtualService;
}

export interface GatewayRouteVirtualService {
  readonly virtualServiceName: string;
}

export interface GrpcGatewayRoute {
  readonly action: GrpcGatewayRouteAction;
  readonly match: GrpcGatewayRouteMatch;
}

export interface GrpcGatewayRouteAction {
  readonly rewrite?: GrpcGatewayRouteRewrite;
  readonly target: GatewayRouteTarget;
}

export interface GrpcGatewayRouteMatch {
  readonly hostname?: GatewayRouteHostnameMatch;
  readonly metadata?: readonly GrpcGatewayRouteMetadata[];
  readonly port?: number;
  readonly serviceName?: string;
}

export interface GrpcGatewayRouteMetadata {
  readonly invert?: boolean;
  readonly match?: GrpcMetadataMatchMethod;
  readonly name: string;
}

export interface GrpcGatewayRouteRewrite {
  readonly hostname?: GatewayRouteHostnameRewrite;
}

export interface GrpcMetadataMatchMethod {
  readonly exact?: string;
  readonly prefix?: string;
  readonly range?: MatchRange;
  readonly regex?: string;
  readonly suffix?: string;
}

export interface GrpcRetryPolicy {
  readonly grpcRetryEvents?: readonly ("cancelled" | "deadline-exceeded" | "internal" | "resource-exhausted" | "unavailable")[];
  readonly httpRetryEvents?: readonly string[];
  readonly maxRetries: number;
  readonly perRetryTimeout: Duration;
  readonly tcpRetryEvents?: readonly "connection-error"[];
}

export interface GrpcRoute {
  readonly action: GrpcRouteAction;
  readonly match: GrpcRouteMatch;
  readonly retryPolicy?: GrpcRetryPolicy;
  readonly timeout?: GrpcTimeout;
}

export interface GrpcRouteAction {
  readonly weightedTargets: readonly WeightedTarget[];
}

export interface GrpcRouteMatch {
  readonly metadata?: readonly GrpcRouteMetadata[];
  readonly methodName?: string;
  readonly port?: number;
  readonly serviceName?: string;
}

export interface GrpcRouteMetadata {
  readonly invert?: boolean;
  readonly match?: GrpcRouteMetadataMatchMethod;
  readonly name: string;
}

export interface GrpcRouteMetadataMatchMethod {
  readonly exact?: string;
  readonly prefix?: string;
  readonly range?: MatchRange;
  readonly regex?: string;
  readonly suffix?: string;
}

export interface GrpcTimeout {
  readonly idle?: Duration;
  readonly perRequest?: Duration;
}

export interface HeaderMatchMethod {
  readonly exact?: string;
  readonly prefix?: string;
  readonly range?: MatchRange;
  readonly regex?: string;
  readonly suffix?: string;
}

export interface HealthCheckPolicy {
  readonly healthyThreshold: number;
  readonly intervalMillis: number;
  readonly path?: string;
  readonly port?: number;
  readonly protocol: "http" | "tcp" | "http2" | "grpc";
  readonly timeoutMillis: number;
  readonly unhealthyThreshold: number;
}

export interface HttpGatewayRoute {
  readonly action: HttpGatewayRouteAction;
  readonly match: HttpGatewayRouteMatch;
}

export interface HttpGatewayRouteAction {
  readonly rewrite?: HttpGatewayRouteRewrite;
  readonly target: GatewayRouteTarget;
}

export interface HttpGatewayRouteHeader {
  readonly invert?: boolean;
  readonly match?: HeaderMatchMethod;
  readonly name: string;
}

export interface HttpGatewayRouteMatch {
  readonly headers?: readonly HttpGatewayRouteHeader[];
  readonly hostname?: GatewayRouteHostnameMatch;
  readonly method?: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH";
  readonly path?: HttpPathMatch;
  readonly port?: number;
  readonly prefix?: string;
  readonly queryParameters?: readonly HttpQueryParameter[];
}

export interface HttpGatewayRoutePathRewrite {
  readonly exact?: string;
}

export interface HttpGatewayRoutePrefixRewrite {
  readonly defaultPrefix?: "ENABLED" | "DISABLED";
  readonly value?: string;
}

export interface HttpGatewayRouteRewrite {
  readonly hostname?: GatewayRouteHostnameRewrite;
  readonly path?: HttpGatewayRoutePathRewrite;
  readonly prefix?: HttpGatewayRoutePrefixRewrite;
}

export interface HttpPathMatch {
  readonly exact?: string;
  readonly regex?: string;
}

export interface HttpQueryParameter {
  readonly match?: QueryParameterMatch;
  readonly name: string;
}

export interface HttpRetryPolicy {
  readonly httpRetryEvents?: readonly string[];
  readonly maxRetries: number;
  readonly perRetryTimeout: Duration;
  readonly tcpRetryEvents?: readonly "connection-error"[];
}

export interface HttpRoute {
  readonly action: HttpRouteAction;
  readonly match: HttpRouteMatch;
  readonly retryPolicy?: HttpRetryPolicy;
  readonly timeout?: HttpTimeout;
}

export interface HttpRouteAction {
  readonly weightedTargets: readonly WeightedTarget[];
}

export interface HttpRouteHeader {
  readonly invert?: boolean;
  readonly match?: HeaderMatchMethod;
  readonly name: string;
}

export interface HttpRouteMatch {
  readonly headers?: readonly HttpRouteHeader[];
  readonly method?: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH";
  readonly path?: HttpPathMatch;
  readonly port?: number;
  readonly prefix?: string;
  readonly queryParameters?: readonly HttpQueryParameter[];
  readonly scheme?: "http" | "https";
}

export interface HttpTimeout {
  readonly idle?: Duration;
  readonly perRequest?: Duration;
}

export interface JsonFormatRef {
  readonly key: string;
  readonly value: string;
}

export interface Listener {
  readonly connectionPool?: VirtualNodeConnectionPool;
  readonly healthCheck?: HealthCheckPolicy;
  readonly outlierDetection?: OutlierDetection;
  readonly portMapping: PortMapping;
  readonly timeout?: ListenerTimeout;
  readonly tls?: ListenerTls;
}

export interface ListenerTimeout {
  readonly grpc?: GrpcTimeout;
  readonly http?: HttpTimeout;
  readonly http2?: HttpTimeout;
  readonly tcp?: TcpTimeout;
}

export interface ListenerTls {
  readonly certificate: ListenerTlsCertificate;
  readonly mode: "STRICT" | "PERMISSIVE" | "DISABLED";
  readonly validation?: ListenerTlsValidationContext;
}

export interface ListenerTlsAcmCertificate {
  readonly certificateArn: string;
}

export interface ListenerTlsCertificate {
  readonly acm?: ListenerTlsAcmCertificate;
  readonly file?: ListenerTlsFileCertificate;
  readonly sds?: ListenerTlsSdsCertificate;
}

export interface ListenerTlsFileCertificate {
  readonly certificateChain: string;
  readonly privateKey: string;
}

export interface ListenerTlsSdsCertificate {
  readonly secretName: string;
}

export interface ListenerTlsValidationContext {
  readonly subjectAlternativeNames?: SubjectAlternativeNames;
  readonly trust: ListenerTlsValidationContextTrust;
}

export interface ListenerTlsValidationContextTrust {
  readonly file?: TlsValidationContextFileTrust;
  readonly sds?: TlsValidationContextSdsTrust;
}

export interface Logging {
  readonly accessLog?: AccessLog;
}

export interface LoggingFormat {
  readonly json?: readonly JsonFormatRef[];
  readonly text?: string;
}

export interface MatchRange {
  readonly end: number;
  readonly start: number;
}

export interface MeshServiceDiscovery {
  readonly ipPreference?: "IPv6_PREFERRED" | "IPv4_PREFERRED" | "IPv4_ONLY" | "IPv6_ONLY";
}

export interface MeshSpec {
  readonly egressFilter?: EgressFilter;
  readonly serviceDiscovery?: MeshServiceDiscovery;
}

export interface OutlierDetection {
  readonly baseEjectionDuration: Duration;
  readonly interval: Duration;
  readonly maxEjectionPercent: number;
  readonly maxServerErrors: number;
}

export interface PortMapping {
  readonly port: number;
  readonly protocol: "http" | "tcp" | "http2" | "grpc";
}

export interface QueryParameterMatch {
  readonly exact?: string;
}

export interface RouteSpec {
  readonly grpcRoute?: GrpcRoute;
  readonly http2Route?: HttpRoute;
  readonly httpRoute?: HttpRoute;
  readonly priority?: number;
  readonly tcpRoute?: TcpRoute;
}

export interface ServiceDiscovery {
  readonly awsCloudMap?: AwsCloudMapServiceDiscovery;
  readonly dns?: DnsServiceDiscovery;
}

export interface SubjectAlternativeNameMatchers {
  readonly exact: readonly string[];
}

export interface SubjectAlternativeNames {
  readonly match: SubjectAlternativeNameMatchers;
}

export interface TcpRoute {
  readonly action: TcpRouteAction;
  readonly match?: TcpRouteMatch;
  readonly timeout?: TcpTimeout;
}

export interface TcpRouteAction {
  readonly weightedTargets: readonly WeightedTarget[];
}

export interface TcpRouteMatch {
  readonly port?: number;
}

export interface TcpTimeout {
  readonly idle?: Duration;
}

export interface TlsValidationContext {
  readonly subjectAlternativeNames?: SubjectAlternativeNames;
  readonly trust: TlsValidationContextTrust;
}

export interface TlsValidationContextAcmTrust {
  readonly certificateAuthorityArns: readonly string[];
}

export interface TlsValidationContextFileTrust {
  readonly certificateChain: string;
}

export interface TlsValidationContextSdsTrust {
  readonly secretName: string;
}

export interface TlsValidationContextTrust {
  readonly acm?: TlsValidationContextAcmTrust;
  readonly file?: TlsValidationContextFileTrust;
  readonly sds?: TlsValidationContextSdsTrust;
}

export interface VirtualGatewayAccessLog {
  readonly file?: VirtualGatewayFileAccessLog;
}

export interface VirtualGatewayBackendDefaults {
  readonly clientPolicy?: VirtualGatewayClientPolicy;
}

export interface VirtualGatewayClientPolicy {
  readonly tls?: VirtualGatewayClientPolicyTls;
}

export interface VirtualGatewayClientPolicyTls {
  readonly certificate?: VirtualGatewayClientTlsCertificate;
  readonly enforce?: boolean;
  readonly ports?: readonly number[];
  readonly validation: VirtualGatewayTlsValidationContext;
}

export interface VirtualGatewayClientTlsCertificate {
  readonly file?: VirtualGatewayListenerTlsFileCertificate;
  readonly sds?: VirtualGatewayListenerTlsSdsCertificate;
}

export interface VirtualGatewayConnectionPool {
  readonly grpc?: VirtualGatewayGrpcConnectionPool;
  readonly http?: VirtualGatewayHttpConnectionPool;
  readonly http2?: VirtualGatewayHttp2ConnectionPool;
}

export interface VirtualGatewayFileAccessLog {
  readonly format?: LoggingFormat;
  readonly path: string;
}

export interface VirtualGatewayGrpcConnectionPool {
  readonly maxRequests: number;
}

export interface VirtualGatewayHealthCheckPolicy {
  readonly healthyThreshold: number;
  readonly intervalMillis: number;
  readonly path?: string;
  readonly port?: number;
  readonly protocol: "http" | "http2" | "grpc";
  readonly timeoutMillis: number;
  readonly unhealthyThreshold: number;
}

export interface VirtualGatewayHttp2ConnectionPool {
  readonly maxRequests: number;
}

export interface VirtualGatewayHttpConnectionPool {
  readonly maxConnections: number;
  readonly maxPendingRequests?: number;
}

export interface VirtualGatewayListener {
  readonly connectionPool?: VirtualGatewayConnectionPool;
  readonly healthCheck?: VirtualGatewayHealthCheckPolicy;
  readonly portMapping: VirtualGatewayPortMapping;
  readonly tls?: VirtualGatewayListenerTls;
}

export interface VirtualGatewayListenerTls {
  readonly certificate: VirtualGatewayListenerTlsCertificate;
  readonly mode: "STRICT" | "PERMISSIVE" | "DISABLED";
  readonly validation?: VirtualGatewayListenerTlsValidationContext;
}

export interface VirtualGatewayListenerTlsAcmCertificate {
  readonly certificateArn: string;
}

export interface VirtualGatewayListenerTlsCertificate {
  readonly acm?: VirtualGatewayListenerTlsAcmCertificate;
  readonly file?: VirtualGatewayListenerTlsFileCertificate;
  readonly sds?: VirtualGatewayListenerTlsSdsCertificate;
}

export interface VirtualGatewayListenerTlsFileCertificate {
  readonly certificateChain: string;
  readonly privateKey: string;
}

export interface VirtualGatewayListenerTlsSdsCertificate {
  readonly secretName: string;
}

export interface VirtualGatewayListenerTlsValidationContext {
  readonly subjectAlternativeNames?: SubjectAlternativeNames;
  readonly trust: VirtualGatewayListenerTlsValidationContextTrust;
}

export interface VirtualGatewayListenerTlsValidationContextTrust {
  readonly file?: VirtualGatewayTlsValidationContextFileTrust;
  readonly sds?: VirtualGatewayTlsValidationContextSdsTrust;
}

export interface VirtualGatewayLogging {
  readonly accessLog?: VirtualGatewayAccessLog;
}

export interface VirtualGatewayPortMapping {
  readonly port: number;
  readonly protocol: "http" | "http2" | "grpc";
}

export interface VirtualGatewaySpec {
  readonly backendDefaults?: VirtualGatewayBackendDefaults;
  readonly listeners: readonly VirtualGatewayListener[];
  readonly logging?: VirtualGatewayLogging;
}

export interface VirtualGatewayTlsValidationContext {
  readonly subjectAlternativeNames?: SubjectAlternativeNames;
  readonly trust: VirtualGatewayTlsValidationContextTrust;
}

export interface VirtualGatewayTlsValidationContextAcmTrust {
  readonly certificateAuthorityArns: readonly string[];
}

export interface VirtualGatewayTlsValidationContextFileTrust {
  readonly certificateChain: string;
}

export interface VirtualGatewayTlsValidationContextSdsTrust {
  readonly secretName: string;
}

export interface VirtualGatewayTlsValidationContextTrust {
  readonly acm?: VirtualGatewayTlsValidationContextAcmTrust;
  readonly file?: VirtualGatewayTlsValidationContextFileTrust;
  readonly sds?: VirtualGatewayTlsValidationContextSdsTrust;
}

export interface VirtualNodeConnectionPool {
  readonly grpc?: VirtualNodeGrpcConnectionPool;
  readonly http?: VirtualNodeHttpConnectionPool;
  readonly http2?: VirtualNodeHttp2ConnectionPool;
  readonly tcp?: VirtualNodeTcpConnectionPool;
}

export interface VirtualNodeGrpcConnectionPool {
  readonly maxRequests: number;
}

export interface VirtualNodeHttp2ConnectionPool {
  readonly maxRequests: number;
}

export interface VirtualNodeHttpConnectionPool {
  readonly maxConnections: number;
  readonly maxPendingRequests?: number;
}

export interface VirtualNodeServiceProvider {
  readonly virtualNodeName: string;
}

export interface VirtualNodeSpec {
  readonly backendDefaults?: BackendDefaults;
  readonly backends?: readonly Backend[];
  readonly listeners?: readonly Listener[];
  readonly logging?: Logging;
  readonly serviceDiscovery?: ServiceDiscovery;
}

export interface VirtualNodeTcpConnectionPool {
  readonly maxConnections: number;
}

export interface VirtualRouterListener {
  readonly portMapping: PortMapping;
}

export interface VirtualRouterServiceProvider {
  readonly virtualRouterName: string;
}

export interface VirtualRouterSpec {
  readonly listeners?: readonly VirtualRouterListener[];
}

export interface VirtualServiceBackend {
  readonly clientPolicy?: ClientPolicy;
  readonly virtualServiceName: string;
}

export interface VirtualServiceProvider {
  readonly virtualNode?: VirtualNodeServiceProvider;
  readonly virtualRouter?: VirtualRouterServiceProvider;
}

export interface VirtualServiceSpec {
  readonly provider?: VirtualServiceProvider;
}

export interface WeightedTarget {
  readonly port?: number;
  readonly virtualNode: string;
  readonly weight: number;
}
