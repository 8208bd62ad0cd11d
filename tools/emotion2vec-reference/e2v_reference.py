#!/usr/bin/python3
"""Reference PyTorch implementation of the emotion2vec+ inference path (data2vec 2.0 audio
encoder + linear head), written from ../shared/spec/emotion2vec.md. Test support only: emovox
never needs Python at run time.

Builds random-weight checkpoints in the published layout (model.pt, config.yaml, tokens.txt) and
the outputs the Java port must reproduce. See README.md.
"""
import argparse
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SAMPLE_RATE = 16000
NUM_EXTRA_TOKENS = 10
CONV_SPEC = [(10, 5)] + [(3, 2)] * 4 + [(2, 2)] * 2


# ---------------------------------------------------------------- architecture

class ChannelLayerNorm(nn.Module):
    """LayerNorm over channels of a [B, C, T] tensor (key `.1`, like a Sequential(T, LN, T))."""

    def __init__(self, c):
        super().__init__()
        self.add_module("0", nn.Identity())
        self.add_module("1", nn.LayerNorm(c, eps=1e-5, elementwise_affine=True))

    def forward(self, x):
        return getattr(self, "1")(x.transpose(1, 2)).transpose(1, 2)


class ConvBlock(nn.Sequential):
    def __init__(self, cin, cout, k, s):
        super().__init__(nn.Conv1d(cin, cout, k, stride=s, bias=False), nn.Dropout(0.0),
                         ChannelLayerNorm(cout), nn.GELU())


class LocalEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        layers, cin = [], 1
        for k, s in CONV_SPEC:
            layers.append(ConvBlock(cin, c, k, s))
            cin = c
        self.conv_layers = nn.ModuleList(layers)

    def forward(self, x):  # [B, S] -> [B, C, T]
        x = x.unsqueeze(1)
        for layer in self.conv_layers:
            x = layer(x)
        return x


class ProjectFeatures(nn.Module):
    def __init__(self, c, d):
        super().__init__()
        self.add_module("0", nn.Identity())
        self.add_module("1", nn.LayerNorm(c, eps=1e-5))
        self.add_module("2", nn.Linear(c, d))

    def forward(self, x):  # [B, C, T] -> [B, T, D]
        x = x.transpose(1, 2)
        return getattr(self, "2")(getattr(self, "1")(x))


class PosLayer(nn.Module):
    def __init__(self, d, k, groups):
        super().__init__()
        self.add_module("0", nn.Conv1d(d, d, k, padding=k // 2, groups=groups))
        self.k = k

    def forward(self, x):  # [B, D, T]
        x = getattr(self, "0")(x)
        if self.k % 2 == 0:  # SamePad: an even kernel with padding k//2 yields one extra frame
            x = x[:, :, :-1]
        x = F.layer_norm(x.transpose(1, 2), (x.shape[1],), eps=1e-5).transpose(1, 2)
        return F.gelu(x)


class RelativePositionalEncoder(nn.Module):
    def __init__(self, d, k, groups, depth):
        super().__init__()
        self.add_module("0", nn.Identity())
        for i in range(1, depth + 1):
            self.add_module(str(i), PosLayer(d, k, groups))
        self.depth = depth

    def forward(self, x):  # [B, T, D] -> [B, T, D]
        y = x.transpose(1, 2)
        for i in range(1, self.depth + 1):
            y = getattr(self, str(i))(y)
        return y.transpose(1, 2)


def alibi_slopes(n):
    def pow2(m):
        start = 2 ** (-(2 ** -(math.log2(m) - 3)))
        return [start * start ** i for i in range(m)]
    if math.log2(n).is_integer():
        return pow2(n)
    closest = 2 ** math.floor(math.log2(n))
    return pow2(closest) + alibi_slopes(2 * closest)[0::2][: n - closest]


def alibi_bias(t, heads):
    slopes = torch.Tensor(alibi_slopes(heads))  # float32, as upstream
    pos = torch.abs(torch.arange(t).unsqueeze(0) - torch.arange(t).unsqueeze(1)) * -1
    return (slopes.unsqueeze(1).unsqueeze(1) * pos.unsqueeze(0).expand(heads, -1, -1)).view(1, heads, t, t)


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.scale = (d // heads) ** -0.5
        self.qkv = nn.Linear(d, 3 * d, bias=True)
        self.proj = nn.Linear(d, d)

    def forward(self, x, bias):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        q = q * self.scale
        attn = q @ k.transpose(-2, -1)
        attn = attn + bias
        attn = attn.softmax(dim=-1, dtype=torch.float32)
        x = (attn @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x)


class Mlp(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    """Post-LN block (layer_norm_first = False)."""

    def __init__(self, d, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = Attention(d, heads)
        self.norm2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp = Mlp(d)

    def forward(self, x, bias):
        x = self.norm1(x + self.attn(x, bias))
        return self.norm2(x + self.mlp(x))


class ContextEncoder(nn.Module):
    def __init__(self, d, heads, depth):
        super().__init__()
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(d, eps=1e-5)


class Decoder(nn.Module):
    """Training-only decoder: present in the checkpoint, unused at inference."""

    def __init__(self, d, dec_dim=None, groups=16, k=7, layers=4):
        super().__init__()
        dec_dim = dec_dim or -(-(d // 2) // groups) * groups
        blocks = []
        cin = d
        for _ in range(layers):
            blocks.append(nn.Sequential(nn.Conv1d(cin, dec_dim, k, padding=k // 2, groups=groups)))
            cin = dec_dim
        self.blocks = nn.ModuleList(blocks)
        self.proj = nn.Linear(dec_dim, d)


class AudioEncoder(nn.Module):
    def __init__(self, d, heads, c, prenet, pos_k, pos_groups, pos_depth, alibi_layers=1):
        super().__init__()
        self.heads = heads
        self.extra_tokens = nn.Parameter(torch.zeros(1, NUM_EXTRA_TOKENS, d))
        # data2vec 2.0: (prenet + depth, 1, H, 1, 1) with learned_alibi_scale_per_layer, else (1, 1, H, 1, 1)
        self.alibi_scale = nn.Parameter(torch.ones(alibi_layers, 1, heads, 1, 1))
        self.local_encoder = LocalEncoder(c)
        self.project_features = ProjectFeatures(c, d)
        self.relative_positional_encoder = RelativePositionalEncoder(d, pos_k, pos_groups, pos_depth)
        self.context_encoder = ContextEncoder(d, heads, prenet)
        self.decoder = Decoder(d)


class Emotion2Vec(nn.Module):
    def __init__(self, d=768, heads=12, c=512, prenet=4, depth=8, pos_k=19, pos_groups=16,
                 pos_depth=5, classes=9, per_layer_alibi=False):
        super().__init__()
        self.modality_encoders = nn.ModuleDict(
            {"AUDIO": AudioEncoder(d, heads, c, prenet, pos_k, pos_groups, pos_depth,
                                   prenet + depth if per_layer_alibi else 1)})
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(depth)])
        self.proj = nn.Linear(d, classes)

    def features(self, wav):
        """wav: float32 [S] (one clip, no padding). Returns frame features [T, D]."""
        enc = self.modality_encoders["AUDIO"]
        x = wav.unsqueeze(0)
        x = F.layer_norm(x, x.shape)  # whole-waveform normalisation, eps 1e-5, biased variance
        x = enc.local_encoder(x)
        x = enc.project_features(x)
        x = x + enc.relative_positional_encoder(x)
        t = x.shape[1]
        scale = enc.alibi_scale.clamp_min(0)
        blocks = list(enc.context_encoder.blocks) + list(self.blocks)
        if scale.size(0) == 1:
            shared = F.pad(alibi_bias(t, enc.heads) * scale.squeeze(0), (NUM_EXTRA_TOKENS, 0, NUM_EXTRA_TOKENS, 0))
            biases = [shared] * len(blocks)
        else:
            # per layer, as data2vec 2.0's BlockEncoder / main loop: block i gets bias * scale[i]
            unscaled = alibi_bias(t, enc.heads)
            biases = [F.pad(unscaled * scale[i], (NUM_EXTRA_TOKENS, 0, NUM_EXTRA_TOKENS, 0))
                      for i in range(len(blocks))]
        x = torch.cat([enc.extra_tokens.expand(x.shape[0], -1, -1), x], dim=1)
        x = enc.context_encoder.norm(x)
        for blk, bias in zip(blocks, biases):
            x = blk(x, bias)
        return x[0, NUM_EXTRA_TOKENS:]

    def head(self, feats, mask):
        """Utterance logits (mean of frames -> proj), per-frame logits, masked labels at -inf."""
        utt = self.proj(feats.mean(dim=0, keepdim=True))[0]
        frames = self.proj(feats)
        utt = utt.masked_fill(mask, float("-inf"))
        frames = frames.masked_fill(mask.unsqueeze(0), float("-inf"))
        return utt, frames


# ---------------------------------------------------------------- checkpoints

TOKENS_9 = ["生气/angry", "厌恶/disgusted", "恐惧/fearful", "开心/happy", "中立/neutral",
            "其他/other", "难过/sad", "吃惊/surprised", "<unk>"]
TOKENS_5 = ["生气/angry", "unuse_0", "unuse_1", "开心/happy", "中立/neutral", "unuse_2",
            "难过/sad", "unuse_3", "<unk>"]

CONFIG_TEMPLATE = """# random-weight emotion2vec+-layout checkpoint made by e2v_reference.py (test support)
model: Emotion2vec
model_conf:
    embed_dim: {d}
    num_heads: {heads}
    depth: {depth}
    mlp_ratio: 4.0
    norm_eps: 1e-05
    layer_norm_first: false
    extractor_mode: layer_norm
    normalize: true
    modalities:
        audio:
            type: AUDIO
            prenet_depth: {prenet}
            num_extra_tokens: 10
            feature_encoder_spec: '[({c}, 10, 5)] + [({c}, 3, 2)] * 4 + [({c},2,2)] + [({c},2,2)]'
            conv_pos_width: {width}
            conv_pos_groups: {groups}
            conv_pos_depth: {pos_depth}
tokenizer: CharTokenizer
tokenizer_conf:
    unk_symbol: <unk>
    split_with_space: true
"""


def randomise(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("alibi_scale"):
                v = 0.5 + torch.rand(p.shape, generator=g)
                v.view(-1)[1] = -0.3  # a negative scale must be clamped to 0
                p.copy_(v)
            elif p.dim() == 1 and ("norm" in name or ".2.1." in name or "project_features.1" in name):
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn(p.shape, generator=g))
            elif p.dim() == 1:
                p.copy_(0.05 * torch.randn(p.shape, generator=g))
            elif name.endswith("extra_tokens"):
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(fan_in))


def build(args):
    torch.manual_seed(args.seed)
    model = Emotion2Vec(d=args.dim, heads=args.heads, c=args.conv, prenet=args.prenet,
                        depth=args.depth, pos_k=args.pos_k, pos_groups=args.pos_groups,
                        per_layer_alibi=args.per_layer_alibi)
    randomise(model, args.seed)
    model.eval()
    return model


def save_checkpoint(model, args, out):
    os.makedirs(out, exist_ok=True)
    sd = model.state_dict()
    if args.no_decoder:
        sd = {k: v for k, v in sd.items() if ".decoder." not in k}
    # the published layout: the state dict under "model", plus non-tensor entries
    ckpt = {"model": sd, "epoch": 7, "optimizer_history": [{"criterion": "Emotion2vec", "lr": 1e-5}],
            "cfg": {"model": "Emotion2vec", "embed_dim": args.dim, "normalize": True}}
    torch.save(ckpt, os.path.join(out, "model.pt"))
    with open(os.path.join(out, "config.yaml"), "w") as f:
        f.write(CONFIG_TEMPLATE.format(d=args.dim, heads=args.heads, depth=args.depth,
                                       prenet=args.prenet, c=args.conv, width=args.pos_k * 5,
                                       groups=args.pos_groups, pos_depth=5))
    tokens = TOKENS_5 if args.five_class else TOKENS_9
    with open(os.path.join(out, "tokens.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(tokens) + "\n")
    return tokens


# ---------------------------------------------------------------- test signal

def test_signal(n, seed):
    """Deterministic speech-like test signal; emovox's tests generate the same samples."""
    i = np.arange(n, dtype=np.int64)
    t = i.astype(np.float64) / SAMPLE_RATE
    f0 = 140.0 + 60.0 * np.sin(2 * np.pi * 0.7 * t)
    tone = 0.35 * np.sin(2 * np.pi * f0 * t) + 0.15 * np.sin(2 * np.pi * 3.0 * f0 * t)
    env = 0.6 + 0.4 * np.sin(2 * np.pi * 2.5 * t + seed)
    h = (i * 2654435761 + seed * 40503) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 2246822519) & 0xFFFFFFFF
    h ^= h >> 13
    noise = h.astype(np.float64) / 4294967296.0 - 0.5
    return (env * tone + 0.1 * noise).astype(np.float32)


def write_f32(path, arr):
    np.ascontiguousarray(arr, dtype="<f4").tofile(path)


def expected(model, tokens, lengths, out):
    os.makedirs(out, exist_ok=True)
    mask = torch.tensor([t.startswith("unuse") for t in tokens])
    cases = []
    with torch.no_grad():
        for idx, n in enumerate(lengths):
            seed = idx + 1
            wav = torch.from_numpy(test_signal(n, seed))
            feats = model.features(wav)
            utt, frames = model.head(feats, mask)
            name = f"len{n}"
            write_f32(os.path.join(out, name + ".feats.f32"), feats.numpy())
            write_f32(os.path.join(out, name + ".frame_logits.f32"), frames.numpy())
            cases.append({"name": name, "samples": n, "seed": seed, "frames": feats.shape[0],
                          "logits": [float(v) for v in utt],
                          "scores": [float(v) for v in torch.softmax(utt, dim=-1)],
                          "embedding": [float(v) for v in feats.mean(dim=0)]})
            print(f"{name}: T={feats.shape[0]}", flush=True)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"dim": feats.shape[1], "cases": cases}, f, indent=1)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out", help="folder to write model.pt, config.yaml, tokens.txt (+ expected/)")
    p.add_argument("--dim", type=int, default=768)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--conv", type=int, default=512, help="conv feature extractor channels")
    p.add_argument("--prenet", type=int, default=4)
    p.add_argument("--depth", type=int, default=8)
    p.add_argument("--pos-k", type=int, default=19)
    p.add_argument("--pos-groups", type=int, default=16)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--five-class", action="store_true", help="tokens.txt with unuse_* rows")
    p.add_argument("--no-decoder", action="store_true", help="omit the training-only decoder")
    p.add_argument("--per-layer-alibi", action="store_true",
                   help="alibi_scale with one row per block (prenet + depth, 1, H, 1, 1)")
    p.add_argument("--lengths", type=int, nargs="*", default=[],
                   help="sample counts to compute expected outputs for (into OUT/expected)")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model = build(args)
    tokens = save_checkpoint(model, args, args.out)
    if args.lengths:
        expected(model, tokens, args.lengths, os.path.join(args.out, "expected"))


if __name__ == "__main__":
    main()
