import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const IMAGE_OPS = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);

/** A PDF read back with pdfjs: its text on one line, and how many images its pages draw. */
export async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  let text = '';
  let images = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const p = await pdf.getPage(n);
    const content = await p.getTextContent();
    text += ` ${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}`;
    images += (await p.getOperatorList()).fnArray.filter((op) => IMAGE_OPS.has(op)).length;
  }
  await pdf.destroy();
  return { text: text.replace(/\s+/g, ' '), images };
}
