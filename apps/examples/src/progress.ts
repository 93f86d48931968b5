/** A one-line progress indicator on a TTY; plain lines elsewhere (CI logs, pipes). */
export function createProgress(stream: NodeJS.WriteStream) {
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  let shown = false;
  let label = '';
  const render = (text: string) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${text}`);
      shown = true;
    } else {
      stream.write(`… ${text}\n`);
    }
  };
  return {
    step(text: string) {
      label = text;
      render(text);
    },
    note(text: string) {
      render(`${label} — ${text}`);
    },
    clear() {
      if (shown && stream.isTTY) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
