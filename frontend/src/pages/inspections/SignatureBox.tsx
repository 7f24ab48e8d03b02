import { Button, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import SignaturePad from 'signature_pad';

/**
 * The party's drawn signature on a canvas (signature_pad: pointer events, so finger, pen or
 * mouse), as PNG data. `value` redraws a stored signature.
 */
export function SignatureBox({
  value,
  onChange,
  hint,
  clearLabel,
  disabled,
}: {
  value: string;
  onChange: (png: string) => void;
  hint: string;
  clearLabel: string;
  disabled?: boolean;
}) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext('2d')?.scale(ratio, ratio);
    const pad = new SignaturePad(canvas, { minWidth: 1, maxWidth: 2.8, backgroundColor: 'rgb(255,255,255)' });
    padRef.current = pad;
    if (value) void pad.fromDataURL(value, { ratio });
    const end = () => onChangeRef.current(pad.toDataURL('image/png'));
    pad.addEventListener('endStroke', end);
    return () => {
      pad.removeEventListener('endStroke', end);
      pad.off();
    };
    // the pad is made once; later `value` changes come from the pad itself
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (disabled) padRef.current?.off();
    else padRef.current?.on();
  }, [disabled]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{hint}</Typography.Text>
      <canvas
        ref={canvasRef}
        data-testid="signature-canvas"
        style={{
          width: '100%',
          height: 180,
          border: '1px dashed #94a3b8',
          borderRadius: 8,
          touchAction: 'none',
          background: '#fff',
        }}
      />
      <Button
        onClick={() => {
          padRef.current?.clear();
          onChange('');
        }}
        disabled={disabled}
        data-testid="signature-clear"
      >
        {clearLabel}
      </Button>
    </Space>
  );
}
