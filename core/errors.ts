import model from './model/appmesh-2019-01-25.json' with { type: 'json' };

/** The error types App Mesh's API declares; the SDK throws a class of the same name. */
export type ApiErrorType =
  | 'BadRequestException'
  | 'ConflictException'
  | 'ForbiddenException'
  | 'InternalServerErrorException'
  | 'LimitExceededException'
  | 'NotFoundException'
  | 'ResourceInUseException'
  | 'ServiceUnavailableException'
  | 'TooManyRequestsException'
  | 'TooManyTagsException';

/**
 * A domain error: a value with an App Mesh error type, carried up to the HTTP
 * edge, which alone turns it into status, `x-amzn-ErrorType` and `{message}`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly type: ApiErrorType,
    message: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return httpStatusOf(this.type);
  }
}

type ErrorShape = { error?: { httpStatusCode?: number } };

/** The status the service model gives each error type (404 for NotFound, ...). */
export function httpStatusOf(type: ApiErrorType): number {
  const shapes = model.shapes as Record<string, ErrorShape | undefined>;
  return shapes[type]?.error?.httpStatusCode ?? 500;
}

export const badRequest = (message: string) => new ApiError('BadRequestException', message);
export const notFound = (message: string) => new ApiError('NotFoundException', message);
export const conflict = (message: string) => new ApiError('ConflictException', message);
export const resourceInUse = (message: string) => new ApiError('ResourceInUseException', message);
export const tooManyTags = (message: string) => new ApiError('TooManyTagsException', message);
