import { toCanvas } from 'qrcode';
import { useEffect, useRef } from 'react';

/** A QR code drawn on a canvas (no data: URL, so the CSP needs no img-src exception). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void toCanvas(canvas.current, text, { width: 176, margin: 2 });
  }, [text]);
  return <canvas ref={canvas} className="qr" role="img" aria-label={label} width={176} height={176} />;
}
