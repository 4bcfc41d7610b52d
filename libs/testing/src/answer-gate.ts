/** Where a stub's answers wait while a test holds them (`hold()` returns the function that lets them go). */
export class AnswerGate {
  private held: Promise<void> | undefined;

  hold(): () => void {
    let release: () => void = () => undefined;
    this.held = new Promise<void>((resolve) => {
      release = () => {
        this.held = undefined;
        resolve();
      };
    });
    return release;
  }

  /** resolves at once unless held */
  async pass(): Promise<void> {
    if (this.held) await this.held;
  }
}
