# Checks what cnn's charts show, reading their pixels with png-probe.
import subprocess
import sys

BLUE, ORANGE, RED, BLACK = (31, 119, 180), (255, 127, 14), (214, 39, 40), (0, 0, 0)


def columns(png, color, x0, x1):
    out = subprocess.run(['png-probe', png, 'columns', *map(str, color), str(x0), '0', str(x1),
                          '480'], check=True, capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def frame(png, x0, x1):
    """The x of the left and right spines (full-height black columns) and the plot height."""
    counts = columns(png, BLACK, x0, x1)
    tall = [x for x, n in enumerate(counts) if n >= 0.9 * max(counts)]
    return x0 + tall[0], x0 + tall[-1], max(counts)


def fail(message):
    print('plotcheck: ' + message)
    sys.exit(1)


def bars(png, bins_file):
    """Each run of blue columns is one non-empty bin, its height proportional to the count."""
    counts = [float(line.split()[-1]) for line in open(bins_file) if line.startswith('bin ')]
    heights, run = [], 0
    for n in columns(png, BLUE, 0, 640) + [0]:
        if n:
            run = max(run, n)
        elif run:
            heights.append(run)
            run = 0
    filled = [c for c in counts if c]
    if len(heights) != len(filled):
        fail('%d bars for %d non-empty bins' % (len(heights), len(filled)))
    scale = sum(heights) / sum(filled)
    for h, c in zip(heights, filled):
        if abs(h - c * scale) > 2:
            fail('bar of %d pixels for count %g (scale %.2f)' % (h, c, scale))
    print('bars ok: %d bins, %g weights' % (len(counts), sum(counts)))


def marker(png, x0, x1, fraction):
    """The red dashed line stands at `fraction` of the way across the panel's frame."""
    left, right, _ = frame(png, x0, x1)
    reds = columns(png, RED, x0, x1)
    at = x0 + reds.index(max(reds))
    want = left + fraction * (right - left)
    if abs(at - want) > 2:
        fail('marker at x=%d, expected %.1f' % (at, want))
    print('marker ok')


def highlighted(png, probability):
    """The orange bar's height is `probability` of the frame's height."""
    _, _, height = frame(png, 0, 640)
    bar = max(columns(png, ORANGE, 0, 640))
    if abs(bar - probability * (height - 2)) > 2:
        fail('bar of %d pixels for p=%s in a frame of %d' % (bar, probability, height))
    print('highlighted ok')


command, args = sys.argv[1], sys.argv[2:]
if command == 'bars':
    bars(*args)
elif command == 'marker':
    marker(args[0], int(args[1]), int(args[2]), float(args[3]))
else:
    highlighted(args[0], float(args[1]))
