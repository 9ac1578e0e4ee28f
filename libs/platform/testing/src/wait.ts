/** Polls until the check passes or the bound runs out; the last failure is rethrown. Not a timing assertion. */
export const eventually = async <T>(check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 25): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
};
