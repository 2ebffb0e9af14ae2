// What a bench module exports: a name and a run that prints its own figures (no assertions).
export interface Bench {
  name: string;
  run(): Promise<void> | void;
}
