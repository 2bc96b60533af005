/**
 * Records what a page hands the browser to download (see `components/shared/download.ts`):
 * the files' contents and names. Call `restore` at the end of the test.
 */
export function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  Object.assign(URL, {
    createObjectURL: (b: Blob) => {
      blobs.push(b);
      return 'blob:download';
    },
    revokeObjectURL: jest.fn(),
  });
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
      names.push(this.download);
    });
  return { blobs, names, restore: () => click.mockRestore() };
}
