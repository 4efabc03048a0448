export async function later(store) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const first = store();
  await null;
  return [first, store()];
}
