/** DynamoDB TTL attributes are epoch seconds. */
export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

export function addSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}
