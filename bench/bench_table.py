"""The tables of bench/bench.sh, from the JSON lines its measurements left in one folder.

usage: bench_table.py DIR --threads "1 2" [--markdown OUT.md]

DIR holds peak.N (GFLOP/s at N threads), cnnc.fused.N, cnnc.unfused.N and cnnc.tuned.N (`cnn bench
--layers` output), pytorch.N and onnxruntime.N (the peers' JSON lines), scaling.MODE.BATCH (`cnn
bench --train-only` in each data-parallel mode) and notes (one line each); a missing file is a
figure not measured, shown as "-".
"""
import argparse
import json
import os

END_TO_END = [  # key, row label, lower is better
    ('train_img_s', 'train img/s (batch 32, Adam)', False),
    ('infer_img_s', 'infer img/s (batch 256)', False),
    ('latency_ms', 'latency ms (batch 1)', True),
]
VARIANTS = ['fused', 'unfused', 'tuned']
PHASES = ['inference', 'forward', 'backward', 'update']
PEERS = [('pytorch', 'pytorch'), ('onnxruntime', 'ort')]  # file name, short name in ratios
SCALING = [  # file name, row label, workers
    ('1x1', '1 process x 1 thread', 1),
    ('replicas', '1 process x 2 replicas', 2),
    ('kernels', '1 process x 2 threads, kernel-parallel', 2),
    ('ranks', '2 MPI ranks x 1 thread', 2),
]
SCALING_BATCHES = ['32', '64', '128']


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith('{')]


def read_number(path):
    try:
        with open(path) as f:
            return float(f.read().strip())
    except (OSError, ValueError):
        return None


def plural(threads):
    return f'{threads} thread' + ('' if threads == '1' else 's')


def number(value, digits=0):
    if value is None:
        return '-'
    return f'{value:,.{digits}f}'


class Table:
    """Rows of cells; prints aligned text or a Markdown table."""

    def __init__(self, title, header, right_from=1):
        self.title, self.header, self.rows, self.right_from = title, header, [], right_from

    def add(self, row):
        self.rows.append([str(cell) for cell in row])

    def text(self):
        widths = [max(len(row[c]) for row in [self.header] + self.rows)
                  for c in range(len(self.header))]

        def line(row):
            cells = [cell.ljust(widths[c]) if c < self.right_from else cell.rjust(widths[c])
                     for c, cell in enumerate(row)]
            return '  '.join(cells).rstrip()
        return '\n'.join([self.title, line(self.header)] + [line(row) for row in self.rows])

    def markdown(self):
        align = ['---' if c < self.right_from else '---:' for c in range(len(self.header))]
        rows = [self.header, align] + self.rows
        return '\n'.join([f'**{self.title}**', ''] +
                         ['| ' + ' | '.join(row) + ' |' for row in rows])


def kernel_rows(lines):
    """(kernel, phase) -> (batch, ms, flops per call or 0), in the order cnn bench printed."""
    rows = {}
    for line in lines:
        if 'kernel' not in line:
            continue
        flops = line.get('flops', 0.0)
        rows[(line['kernel'], line['phase'])] = (line['batch'], line['ms'], flops)
    return rows


def kernel_table(folder, threads, variants, peak):
    per_variant = {v: kernel_rows(read_lines(os.path.join(folder, f'cnnc.{v}.{threads}')))
                   for v in variants}
    keys = []
    for v in variants:
        keys += [k for k in per_variant[v] if k not in keys]
    keys.sort(key=lambda k: PHASES.index(k[1]) if k[1] in PHASES else len(PHASES))  # stable
    header = ['kernel', 'phase', 'batch']
    for v in variants:
        header += [f'{v} ms' if len(variants) > 1 else 'ms', 'GFLOP/s', '% peak']
    peak_text = f'{peak:.0f} GFLOP/s' if peak else 'not measured'
    table = Table(f'Kernels at {plural(threads)}: ms per call, GFLOP/s and % of the '
                  f'{threads}-thread FP32 peak ({peak_text}); training steps at batch 32, '
                  'inference at batch 256', header, right_from=2)

    def cells(entry):
        if entry is None:
            return ['-', '-', '-']
        _, ms, flops = entry
        if not flops:
            return [f'{ms:.3f}', '', '']
        gflop_s = flops / (ms / 1e3) / 1e9
        return [f'{ms:.3f}', f'{gflop_s:.1f}', f'{100 * gflop_s / peak:.0f}%' if peak else '-']

    def add_totals(phase, phases=None, label=None):
        row = [label or f'all {phase}', '', '']
        for v in variants:
            entries = [e for (k, p), e in per_variant[v].items() if p in (phases or [phase])]
            if not entries:
                row += ['-', '-', '-']
                continue
            row += cells((0, sum(e[1] for e in entries), sum(e[2] for e in entries)))
        table.add(row)

    phase = None
    for key in keys:
        if phase is not None and key[1] != phase:
            add_totals(phase)
        phase = key[1]
        entry = next((per_variant[v][key] for v in variants if key in per_variant[v]))
        row = [key[0], key[1], entry[0]]
        for v in variants:
            row += cells(per_variant[v].get(key))
        table.add(row)
    if phase is not None:
        add_totals(phase)
    if any(p == 'forward' for _, p in keys):
        add_totals(None, ['forward', 'backward', 'update'], 'training step (all phases)')
    return table


def end_to_end_table(folder, threads_list, variants):
    others = [v for v in variants if v != 'fused']
    compared = ['fused'] + (['tuned'] if 'tuned' in variants else [])  # against the peers
    header = ['end to end', 'threads', 'cnnc'] + [f'cnnc {v}' for v in others]
    for name, short in PEERS:
        header += [name] + [f'{"cnnc" if v == "fused" else v}/{short}' for v in compared]
    table = Table('End to end (ratios cnnc/peer: above 1 is faster, except latency, where below '
                  '1 is faster)', header, right_from=1)
    for key, label, _ in END_TO_END:
        for threads in threads_list:
            def figure(name):
                for line in read_lines(os.path.join(folder, f'{name}.{threads}')):
                    if key in line:
                        return line[key]
                return None
            digits = 3 if key == 'latency_ms' else 0
            cnnc = {v: figure(f'cnnc.{v}') for v in variants}
            row = [label, threads, number(cnnc['fused'], digits)]
            row += [number(cnnc[v], digits) for v in others]
            for name, _ in PEERS:
                peer = figure(name)
                row += [number(peer, digits)]
                row += [f'{cnnc[v] / peer:.2f}x' if cnnc[v] and peer else '-' for v in compared]
            table.add(row)
    return table


def scaling_table(folder, threads_list):
    """Training images/s per data-parallel mode and batch, with speedups over one thread and the
    scaling efficiency (speedup / workers), and a ratio to PyTorch's best thread count."""
    table = Table('Data-parallel training (Adam; speedup over 1 x 1 at the same batch, efficiency '
                  '= speedup / workers; micro-batches of 16)',
                  ['mode', 'batch', 'train img/s', 'speedup', 'efficiency', 'allreduce ms/step'],
                  right_from=1)
    def train_line(path):
        return next((line for line in read_lines(path) if 'train_img_s' in line), None)
    ratios = []
    for batch in SCALING_BATCHES:
        one = train_line(os.path.join(folder, f'scaling.1x1.{batch}'))
        for name, label, workers in SCALING:
            line = train_line(os.path.join(folder, f'scaling.{name}.{batch}'))
            if line is None:
                continue
            rate = line['train_img_s']
            speedup = rate / one['train_img_s'] if one else None
            table.add([label, batch, number(rate), f'{speedup:.2f}x' if speedup else '-',
                       f'{100 * speedup / workers:.0f}%' if speedup else '-',
                       f'{line["allreduce_ms"]:.3f}' if 'allreduce_ms' in line else ''])
            if name == 'replicas' and batch == '32':
                torch = [line['train_img_s'] for t in threads_list for line in
                         read_lines(os.path.join(folder, f'pytorch.{t}')) if 'train_img_s' in line]
                if torch:
                    ratios.append(f'2 replicas at batch 32 / PyTorch at its best thread count '
                                  f'({number(max(torch))} img/s): {rate / max(torch):.2f}x')
    return table if table.rows else None, ratios


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('folder')
    parser.add_argument('--threads', default='1 2')
    parser.add_argument('--markdown')
    args = parser.parse_args()
    threads_list = args.threads.split()
    variants = [v for v in VARIANTS if any(
        os.path.exists(os.path.join(args.folder, f'cnnc.{v}.{t}')) for t in threads_list)]
    peaks = {t: read_number(os.path.join(args.folder, f'peak.{t}')) for t in threads_list}
    notes = []
    if os.path.exists(os.path.join(args.folder, 'notes')):
        with open(os.path.join(args.folder, 'notes')) as f:
            notes = [line.rstrip() for line in f if line.strip()]

    peak_line = 'FP32 peak: ' + ', '.join(
        f'{plural(t)} {number(peaks[t])} GFLOP/s' for t in threads_list)
    tables = [end_to_end_table(args.folder, threads_list, variants)]
    tables += [kernel_table(args.folder, t, variants, peaks[t]) for t in threads_list]
    scaling, ratios = scaling_table(args.folder, threads_list)
    if scaling:
        tables.append(scaling)
    notes += ratios

    print(peak_line)
    for line in notes:
        print(line)
    for table in tables:
        print()
        print(table.text())
    if args.markdown:
        with open(args.markdown, 'w') as f:
            f.write(peak_line + '\n\n')
            for line in notes:
                f.write(f'- {line}\n')
            for table in tables:
                f.write('\n' + table.markdown() + '\n')


if __name__ == '__main__':
    main()
