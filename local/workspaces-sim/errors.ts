/** An error the simulator answers with, in whichever dialect (JSON 1.1 or query XML) the caller speaks. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of the error shape, such as ResourceId. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** The message AWS's request validation uses for model constraints (list sizes, ranges). */
export function validationError(value: string, member: string, constraint: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function invalidParameter(message: string): ApiError {
  return new ApiError('InvalidParameterValuesException', message);
}
