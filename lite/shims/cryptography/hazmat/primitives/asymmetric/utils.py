"""An ECDSA signature's DER form (SEQUENCE of the INTEGERs r and s) and back."""


def _der_int(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")     # a leading 0 keeps it positive
    return b"\x02" + _der_len(len(body)) + body


def _der_len(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else b"\x81" + bytes([n])


def encode_dss_signature(r: int, s: int) -> bytes:
    body = _der_int(r) + _der_int(s)
    return b"\x30" + _der_len(len(body)) + body


def decode_dss_signature(signature: bytes) -> tuple:
    def read(data: bytes, pos: int, tag: int) -> tuple:
        if data[pos] != tag:
            raise ValueError("Invalid DER signature")
        length, pos = data[pos + 1], pos + 2
        if length & 0x80:
            count = length & 0x7F
            length, pos = int.from_bytes(data[pos:pos + count], "big"), pos + count
        return data[pos:pos + length], pos + length

    seq, _ = read(signature, 0, 0x30)
    r, pos = read(seq, 0, 0x02)
    s, _ = read(seq, pos, 0x02)
    return int.from_bytes(r, "big"), int.from_bytes(s, "big")
