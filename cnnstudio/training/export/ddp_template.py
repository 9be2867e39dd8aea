"""Train the exported model on one machine or many with DistributedDataParallel. Written by CNN Studio.

Keep this file beside model.py and data.pt (``cnnstudio export --format ddp`` writes all three), then:

    torchrun --nproc_per_node=4 train_ddp.py                  # 4 GPUs of this machine (NCCL)
    torchrun --nproc_per_node=2 train_ddp.py --device cpu     # 2 CPU processes (gloo)
    python train_ddp.py                                       # a single process, no torchrun needed
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv-backend=c10d --rdzv-endpoint=HOST:29400 train_ddp.py

Why a data file: the studio's built-in sets (shapes, digits) and its conversions (resizing, grey to RGB,
whitening with the training split's mean and std) are part of CNN Studio, and this script must not need it.
data.pt holds the project's splits already converted: a dict with train_x, train_y, val_x, val_y, test_x,
test_y (images float32 N x C x H x W, whitened; labels int64), class_names, mean and std. It is loaded
with weights_only=True, so it cannot run code.

How the work is shared: each process trains on its own part of the training set (DistributedSampler,
reshuffled every epoch) with batches of batch_size / world_size images, so the global batch and the learning
rate stay the project's; DDP averages the gradients. Validation is split across processes and summed, so
its figures are exact. Rank 0 prints one line per epoch and writes weights.pt (the best epoch's weights
when restore_best is on, under model.py's names) and history.json into --out.

What differs from training in the studio: data augmentation (dataset.augmentation) is not applied, and the
order of the batches differs, so the numbers are close to, not equal to, the studio's.
"""

import argparse
import copy
import json
import math
import os
import time
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.optim import lr_scheduler
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

# --- settings (written by CNN Studio from the project) ---
SETTINGS = {
    "optimizer": "adam",
    "lr": 0.001,
    "momentum": 0.0,
    "nesterov": False,
    "weight_decay": 0.0,
    "batch_size": 64,
    "epochs": 10,
    "seed": 0,
    "schedule": "constant",
    "step_size": 3,
    "gamma": 0.1,
    "milestones": [5, 7],
    "plateau_patience": 2,
    "min_lr": 0.0,
    "warmup_epochs": 0,
    "early_stopping": True,
    "patience": 5,
    "min_delta": 0.0,
    "restore_best": True,
    "init": "default",
    "bias_init": "default",
    "l1": 0.0,
    "l2": 0.0,
    "penalized": [],
    "eval_batch_size": 1024,
}
# --- end of settings ---

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    s = SETTINGS
    # "%" doubled: argparse formats a description holding "%(prog)", and the first line holds the project name
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0].replace("%", "%%"))
    p.add_argument("--data", default=str(HERE / "data.pt"), help="the data file (default: data.pt here)")
    p.add_argument("--out", default=".", help="folder for weights.pt and history.json (default: .)")
    p.add_argument("--epochs", type=int, default=s["epochs"])
    p.add_argument("--batch-size", type=int, default=s["batch_size"], help="global, over all processes")
    p.add_argument("--lr", type=float, default=s["lr"])
    p.add_argument("--seed", type=int, default=s["seed"])
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--weights", help="start from these weights (model.py's or CNN Studio's names)")
    p.add_argument("--sync-bn", action="store_true", help="BatchNorm statistics over all GPUs (CUDA only)")
    return p.parse_args(argv)


# -- processes -------------------------------------------------------------------------------------------
def setup(choice):
    """(device, rank, world_size); joins the process group when started by torchrun."""
    use_cuda = torch.cuda.is_available() if choice == "auto" else choice == "cuda"
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device("cuda", local_rank) if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if "WORLD_SIZE" not in os.environ:  # plain `python train_ddp.py`: one process, no group
        return device, 0, 1
    dist.init_process_group("nccl" if use_cuda else "gloo")
    return device, dist.get_rank(), dist.get_world_size()


def all_sum(values, device):
    """The sums over every process of a few numbers (the numbers themselves when there is one process)."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if dist.is_initialized():
        dist.all_reduce(t)
    return t.tolist()


# -- the model -------------------------------------------------------------------------------------------
def make_model(seed, weights):
    from model import Model  # model.py, beside this file

    torch.manual_seed(seed)  # the same start on every process (DDP also copies rank 0's weights)
    model = Model()
    init_weights(model, SETTINGS["init"], SETTINGS["bias_init"])
    if weights:
        model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
    return model


@torch.no_grad()
def init_weights(model, scheme, bias):
    """The studio's initialisation: torch's default unless the project chose kaiming, xavier or normal."""
    for module in model.modules():
        if not isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            continue
        if scheme == "kaiming":
            nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
        elif scheme == "xavier":
            nn.init.xavier_uniform_(module.weight)
        elif scheme == "normal":
            nn.init.normal_(module.weight, mean=0.0, std=0.01)
        if module.bias is not None and bias != "default":
            nn.init.constant_(module.bias, 0.0 if bias == "zero" else float(bias))


def make_optimizer(params, lr):
    s = SETTINGS
    kind, decay, momentum = s["optimizer"], s["weight_decay"], s["momentum"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=s["nesterov"], weight_decay=decay)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, weight_decay=decay)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, momentum=momentum, weight_decay=decay)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=decay)
    return torch.optim.Adam(params, lr=lr, weight_decay=decay)


class Schedule:
    """A linear warm-up, then the project's schedule; stepped once per epoch, as in the studio."""

    def __init__(self, optimizer, epochs):
        s = SETTINGS
        self.warmup_epochs, self.done = s["warmup_epochs"], 0
        self.warmup = None
        if self.warmup_epochs > 0:
            start = 1.0 / (self.warmup_epochs + 1)
            self.warmup = lr_scheduler.LinearLR(optimizer, start_factor=start, total_iters=self.warmup_epochs)
        kind, gamma = s["schedule"], s["gamma"]
        self.main = None
        if kind == "step":
            self.main = lr_scheduler.StepLR(optimizer, step_size=s["step_size"], gamma=gamma)
        elif kind == "multistep":
            self.main = lr_scheduler.MultiStepLR(optimizer, milestones=s["milestones"], gamma=gamma)
        elif kind == "exponential":
            self.main = lr_scheduler.ExponentialLR(optimizer, gamma=gamma)
        elif kind == "cosine":
            span = max(1, epochs - self.warmup_epochs)
            self.main = lr_scheduler.CosineAnnealingLR(optimizer, T_max=span, eta_min=s["min_lr"])
        elif kind == "plateau":
            self.main = lr_scheduler.ReduceLROnPlateau(
                optimizer, factor=gamma, patience=s["plateau_patience"], min_lr=s["min_lr"]
            )

    def step(self, val_loss):
        if self.warmup is not None and self.done < self.warmup_epochs:
            self.warmup.step()
        elif isinstance(self.main, lr_scheduler.ReduceLROnPlateau):
            self.main.step(val_loss if math.isfinite(val_loss) else float("inf"))
        elif self.main is not None:
            self.main.step()
        self.done += 1


def penalty(model):
    """The project's L1/L2 penalty on the weights it names (zero when it names none)."""
    l1, l2, names = SETTINGS["l1"], SETTINGS["l2"], SETTINGS["penalized"]
    params = dict(model.named_parameters())
    total = 0.0
    for name in names:
        if l1 > 0:
            total = total + l1 * params[name].abs().sum()
        if l2 > 0:
            total = total + l2 * params[name].pow(2).sum()
    return total


# -- the loop --------------------------------------------------------------------------------------------
def train_epoch(model, loader, optimizer, device):
    model.train()
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), device=device)
    seen = 0
    for x, y in loader:
        if x.shape[0] == 1 and len(loader) > 1:  # BatchNorm cannot train on one image (same on all ranks)
            continue
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        (loss + penalty(model.module if hasattr(model, "module") else model)).backward()
        optimizer.step()
        loss_sum += loss.detach() * y.shape[0]
        correct += (logits.argmax(dim=1) == y).sum()
        seen += y.shape[0]
    total_loss, total_correct, total_seen = all_sum([loss_sum.item(), correct.item(), seen], device)
    return total_loss / max(total_seen, 1), total_correct / max(total_seen, 1)


@torch.no_grad()
def evaluate(model, x, y, rank, world, device):
    """Mean loss and accuracy over (x, y): each process takes every world-th image, the sums are shared."""
    model.eval()
    x, y = x[rank::world], y[rank::world]
    loss_sum, correct = 0.0, 0.0
    for i in range(0, x.shape[0], SETTINGS["eval_batch_size"]):
        xb = x[i : i + SETTINGS["eval_batch_size"]].to(device)
        yb = y[i : i + SETTINGS["eval_batch_size"]].to(device)
        logits = model(xb)
        loss_sum += F.cross_entropy(logits, yb, reduction="sum").item()
        correct += (logits.argmax(dim=1) == yb).sum().item()
    loss_sum, correct, count = all_sum([loss_sum, correct, x.shape[0]], device)
    return (loss_sum / count, correct / count) if count else (math.nan, math.nan)


def save(path, write):
    """Write through a temporary file and a rename, so a crash never leaves half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def main(argv=None):
    args = parse_args(argv)
    device, rank, world = setup(args.device)
    data = torch.load(args.data, map_location="cpu", weights_only=True)
    model = make_model(args.seed, args.weights).to(device)
    net = model
    if world > 1:
        if args.sync_bn and device.type == "cuda":
            model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
        net = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    train_set = TensorDataset(data["train_x"], data["train_y"])
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
    per_process = max(1, args.batch_size // world)
    loader = DataLoader(train_set, batch_size=per_process, sampler=sampler, pin_memory=device.type == "cuda")
    optimizer = make_optimizer(net.parameters(), args.lr)
    schedule = Schedule(optimizer, args.epochs)
    s, history, best = SETTINGS, [], {"loss": math.inf, "epoch": None, "state": None}
    bad_epochs = 0
    if rank == 0:
        print(f"training on {world} process(es), {device.type}: {len(train_set):,} images, "
              f"{per_process} per process per batch, {args.epochs} epochs", flush=True)  # fmt: skip
    for epoch in range(1, args.epochs + 1):
        sampler.set_epoch(epoch)
        start = time.perf_counter()
        lr = optimizer.param_groups[0]["lr"]
        train_loss, train_acc = train_epoch(net, loader, optimizer, device)
        val_loss, val_acc = evaluate(model, data["val_x"], data["val_y"], rank, world, device)
        schedule.step(val_loss)
        row = {"epoch": epoch, "train_loss": train_loss, "train_accuracy": train_acc, "val_loss": val_loss,
               "val_accuracy": val_acc, "lr": lr, "seconds": time.perf_counter() - start}  # fmt: skip
        history.append(row)
        if rank == 0:
            print(f"epoch {epoch}/{args.epochs}  train loss {train_loss:.4f} acc {train_acc:6.1%}  "
                  f"val loss {val_loss:.4f} acc {val_acc:6.1%}  lr {lr:.3g}  {row['seconds']:.1f} s", flush=True)  # fmt: skip
        if math.isfinite(val_loss) and val_loss < best["loss"] - s["min_delta"]:
            best = {"loss": val_loss, "epoch": epoch, "state": copy.deepcopy(model.state_dict())}
            bad_epochs = 0
        else:
            bad_epochs += 1  # every process sees the same summed val loss, so all stop together
        if s["early_stopping"] and bad_epochs >= s["patience"]:
            break
    if s["restore_best"] and best["state"] is not None:
        model.load_state_dict(best["state"])
    test_loss, test_acc = evaluate(model, data["test_x"], data["test_y"], rank, world, device)
    if rank == 0:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
        save(out / "weights.pt", lambda p: torch.save(state, p))
        summary = {"best_epoch": best["epoch"], "test_loss": test_loss, "test_accuracy": test_acc,
                   "world_size": world, "epochs": history}  # fmt: skip
        save(out / "history.json", lambda p: p.write_text(json.dumps(summary, indent=1), encoding="utf-8"))
        print(f"done: best epoch {best['epoch']}, test accuracy {test_acc:.2%}; wrote {out / 'weights.pt'}")
    if dist.is_initialized():
        # Every rank leaves together: a rank that tore its group down while rank 0 still wrote the files
        # was sometimes aborted by gloo at exit ("terminate called without an active exception").
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
