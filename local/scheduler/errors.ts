/** An error the Scheduler stand-in answers with, as the service's REST JSON protocol carries it. */
export class SchedulerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = code;
  }

  static validation(message: string): SchedulerError {
    return new SchedulerError('ValidationException', message, 400);
  }

  static notFound(message: string): SchedulerError {
    return new SchedulerError('ResourceNotFoundException', message, 404);
  }

  static conflict(message: string): SchedulerError {
    return new SchedulerError('ConflictException', message, 409);
  }
}
