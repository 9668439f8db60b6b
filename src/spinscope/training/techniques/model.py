"""Shared MiniLM encoder with a BIO head (SI) and a span technique head (TC)."""

from __future__ import annotations

import torch
from torch import nn
from transformers import AutoModel

from spinscope.techniques.spans import N_FEATURES

# The encoder's states after this many layers are exported as the "trunk" output: the claims classifier runs its
# own two top layers on them, so an article is encoded once for both layers.
TRUNK_LAYER = 4


class TechniqueNet(nn.Module):
    def __init__(self, base_dir, n_techniques: int = 14, n_features: int = N_FEATURES, dropout: float = 0.1):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(base_dir), add_pooling_layer=False)
        h = self.encoder.config.hidden_size
        self.hidden_size = h
        self.drop = nn.Dropout(dropout)
        self.bio = nn.Linear(h, 3)
        self.tc = nn.Linear(2 * h + n_features, n_techniques)
        # auxiliary, training only: which techniques cover each token (multi-label). Denser technique
        # supervision for the shared encoder than one label per span; not exported.
        self.tok_tc = nn.Linear(h, n_techniques)

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.bio(self.drop(hidden)), hidden

    @staticmethod
    def pool(hidden, sb, sa, se):
        """[mean of span tokens ; [CLS] of the window] for spans (batch idx, tok start, tok end)."""
        T = hidden.shape[1]
        pos = torch.arange(T).unsqueeze(0)
        m = ((pos >= sa.unsqueeze(1)) & (pos < se.unsqueeze(1))).float()
        m = m / m.sum(1, keepdim=True).clamp(min=1.0)
        h = hidden[sb]  # [S, T, H]
        mean = torch.einsum("st,sth->sh", m, h)
        return torch.cat([mean, h[:, 0]], dim=-1)

    def tc_logits(self, hidden, sb, sa, se, feats):
        return self.tc(self.drop(torch.cat([self.pool(hidden, sb, sa, se), feats], dim=-1)))


class ExportWrapper(nn.Module):
    """What goes into ONNX: token BIO logits, last hidden states and the states after layer ``trunk_layer``
    (the shared trunk other layers put their own top layers on, e.g. the claims classifier)."""

    def __init__(self, net: TechniqueNet, trunk_layer: int = TRUNK_LAYER):
        super().__init__()
        self.net = net
        self.trunk_layer = trunk_layer

    def forward(self, input_ids, attention_mask):
        out = self.net.encoder(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
        hidden = out.last_hidden_state
        return self.net.bio(hidden), hidden, out.hidden_states[self.trunk_layer]
