"""A short test video built here, for the browser tests: VP8 key frames (each one a lossy WebP
image from Pillow, whose "VP8 " chunk is a VP8 key frame) muxed into a WebM file with its
duration and cues, so Chromium can play it and seek in it. Nothing external is needed."""

import io
import struct

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 160, 90


def _size(length: int) -> bytes:
    """An EBML variable-size integer, 8 bytes wide (simple and always large enough)."""
    return bytes([0x01]) + length.to_bytes(7, "big")


def _id(element_id: int) -> bytes:
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")


def element(element_id: int, payload: bytes) -> bytes:
    return _id(element_id) + _size(len(payload)) + payload


def uint(element_id: int, value: int, width: int | None = None) -> bytes:
    width = width or max(1, (value.bit_length() + 7) // 8)
    return element(element_id, value.to_bytes(width, "big"))


def text(element_id: int, value: str) -> bytes:
    return element(element_id, value.encode())


def vp8_frame(second: float) -> bytes:
    """One key frame showing the time, as VP8 (the payload of a lossy WebP's VP8 chunk)."""
    shade = int(40 + (second * 37) % 160)
    image = Image.new("RGB", (WIDTH, HEIGHT), (shade, 90, 160))
    ImageDraw.Draw(image).text((10, 35), f"{second:05.1f}s", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=60, lossless=False)
    data = out.getvalue()
    position = 12  # after RIFF, size, WEBP
    while position < len(data):
        tag, length = (
            data[position : position + 4],
            struct.unpack("<I", data[position + 4 : position + 8])[0],
        )
        if tag == b"VP8 ":
            return data[position + 8 : position + 8 + length]
        position += 8 + length + (length & 1)
    raise ValueError("Pillow wrote no VP8 chunk")


def webm(seconds: int = 12, fps: int = 2) -> bytes:
    """A WebM of ``seconds`` seconds, ``fps`` key frames per second, one cluster a second."""
    header = element(
        0x1A45DFA3,
        uint(0x4286, 1)
        + uint(0x42F7, 1)
        + uint(0x42F2, 4)
        + uint(0x42F3, 8)
        + text(0x4282, "webm")
        + uint(0x4287, 2)
        + uint(0x4285, 2),
    )
    info = element(
        0x1549A966,
        uint(0x2AD7B1, 1_000_000)
        + element(0x4489, struct.pack(">d", seconds * 1000.0))
        + text(0x4D80, "jijiao-tests")
        + text(0x5741, "jijiao-tests"),
    )
    video = element(0xE0, uint(0xB0, WIDTH) + uint(0xBA, HEIGHT))
    tracks = element(
        0x1654AE6B,
        element(
            0xAE,
            uint(0xD7, 1)
            + uint(0x73C5, 1)
            + uint(0x83, 1)
            + text(0x86, "V_VP8")
            + uint(0x9C, 0)
            + video,
        ),
    )
    clusters = []
    for second in range(seconds):
        blocks = b""
        for index in range(fps):
            relative = index * 1000 // fps
            frame = vp8_frame(second + relative / 1000)
            blocks += element(0xA3, bytes([0x81]) + struct.pack(">h", relative) + b"\x80" + frame)
        clusters.append(element(0x1F43B675, uint(0xE7, second * 1000, 4) + blocks))

    def seek_head(positions: dict[int, int]) -> bytes:
        seeks = b"".join(
            element(0x4DBB, element(0x53AB, _id(target)) + uint(0x53AC, at, 8))
            for target, at in positions.items()
        )
        return element(0x114D9B74, seeks)

    head_length = len(seek_head({0x1549A966: 0, 0x1654AE6B: 0, 0x1C53BB6B: 0}))
    info_at = head_length
    tracks_at = info_at + len(info)
    cluster_at = tracks_at + len(tracks)
    cue_points = b""
    offset = cluster_at
    for second, cluster in enumerate(clusters):
        cue_points += element(
            0xBB,
            uint(0xB3, second * 1000, 4) + element(0xB7, uint(0xF7, 1) + uint(0xF1, offset, 8)),
        )
        offset += len(cluster)
    cues = element(0x1C53BB6B, cue_points)
    head = seek_head({0x1549A966: info_at, 0x1654AE6B: tracks_at, 0x1C53BB6B: offset})
    body = head + info + tracks + b"".join(clusters) + cues
    return header + element(0x18538067, body)
