// An in-memory file system for the test binary, a function of the fs object
// wasm_exec.js defines. A page has no files, and wasm_exec.js answers every
// file call with ENOSYS; but package testing runs each Example with its
// stdout redirected to a file in os.TempDir(), and t.TempDir needs a
// directory. This adds what package syscall calls for that (open, read,
// write, stat, mkdir, readdir, unlink, rmdir, rename, truncate; Node's
// callback API) for files it creates under "/", starting with "/" and
// "/tmp". Writes to stdout and stderr (fd 1 and 2) still go to wasm_exec.js,
// which prints them on the console.
(fs) => {
  "use strict";

  const constants = {
    O_WRONLY: 0o1, O_RDWR: 0o2, O_CREAT: 0o100, O_EXCL: 0o200,
    O_TRUNC: 0o1000, O_APPEND: 0o2000, O_DIRECTORY: 0o200000,
  };
  const S_IFDIR = 0o40000;
  const S_IFREG = 0o100000;

  const failure = (code) => {
    const error = new Error(code);
    error.code = code;
    return error;
  };

  // nodes maps a clean absolute path to its file or directory.
  const nodes = new Map();
  let lastIno = 0;
  const newNode = (dir, perm) => ({
    dir, perm: perm & 0o777, data: new Uint8Array(0), size: 0, ino: ++lastIno, mtimeMs: Date.now(),
  });
  nodes.set("/", newNode(true, 0o777));
  nodes.set("/tmp", newNode(true, 0o777));

  const clean = (path) => {
    const parts = [];
    for (const part of String(path).split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    return "/" + parts.join("/");
  };
  const parentOf = (path) => path.slice(0, path.lastIndexOf("/")) || "/";
  const childrenOf = (path) => {
    const prefix = path === "/" ? "/" : path + "/";
    return [...nodes.keys()].filter((p) => p !== "/" && p.startsWith(prefix) && !p.slice(prefix.length).includes("/"));
  };

  // lookup returns the node at path, or throws ENOENT.
  const lookup = (path) => {
    const node = nodes.get(clean(path));
    if (!node) throw failure("ENOENT");
    return node;
  };
  // create adds a node at path, whose parent must be a directory.
  const create = (path, dir, perm) => {
    const parent = nodes.get(parentOf(path));
    if (!parent) throw failure("ENOENT");
    if (!parent.dir) throw failure("ENOTDIR");
    const node = newNode(dir, perm);
    nodes.set(path, node);
    return node;
  };
  const resize = (node, size) => {
    if (size > node.data.length) {
      const data = new Uint8Array(Math.max(size, 2 * node.data.length));
      data.set(node.data.subarray(0, node.size));
      node.data = data;
    } else {
      node.data.fill(0, size, node.size);
    }
    node.size = size;
    node.mtimeMs = Date.now();
  };
  const stat = (node) => ({
    dev: 1, ino: node.ino, mode: (node.dir ? S_IFDIR : S_IFREG) | node.perm, nlink: 1,
    uid: 0, gid: 0, rdev: 0, size: node.size, blksize: 4096, blocks: Math.ceil(node.size / 512),
    atimeMs: node.mtimeMs, mtimeMs: node.mtimeMs, ctimeMs: node.mtimeMs,
    isDirectory() { return node.dir; },
  });

  // open files by descriptor; 0, 1 and 2 stay wasm_exec.js's.
  const files = new Map();
  let nextFD = 3;
  const fileOf = (fd) => {
    const file = files.get(fd);
    if (!file) throw failure("EBADF");
    return file;
  };

  // call runs op and hands its result or error to a Node-style callback.
  const call = (callback, op) => {
    let result;
    try {
      result = op();
    } catch (error) {
      if (!error || !error.code) throw error;
      callback(error);
      return;
    }
    callback(null, result);
  };

  const consoleWrite = fs.write.bind(fs);
  const consoleFstat = fs.fstat.bind(fs);

  Object.assign(fs, {
    constants,
    open(path, flags, perm, callback) {
      call(callback, () => {
        const p = clean(path);
        let node = nodes.get(p);
        if (node && (flags & constants.O_CREAT) && (flags & constants.O_EXCL)) throw failure("EEXIST");
        if (!node) {
          if (!(flags & constants.O_CREAT)) throw failure("ENOENT");
          node = create(p, false, perm);
        }
        const writes = flags & (constants.O_WRONLY | constants.O_RDWR);
        if (node.dir && writes) throw failure("EISDIR");
        if (!node.dir && (flags & constants.O_DIRECTORY)) throw failure("ENOTDIR");
        if (!node.dir && writes && (flags & constants.O_TRUNC)) resize(node, 0);
        const fd = nextFD++;
        files.set(fd, { node, pos: 0, append: (flags & constants.O_APPEND) !== 0 });
        return fd;
      });
    },
    close(fd, callback) {
      call(callback, () => {
        fileOf(fd);
        files.delete(fd);
      });
    },
    fstat(fd, callback) {
      if (!files.has(fd)) return consoleFstat(fd, callback);
      call(callback, () => stat(fileOf(fd).node));
    },
    stat(path, callback) { call(callback, () => stat(lookup(path))); },
    lstat(path, callback) { call(callback, () => stat(lookup(path))); },
    read(fd, buffer, offset, length, position, callback) {
      call(callback, () => {
        const file = fileOf(fd);
        if (file.node.dir) throw failure("EISDIR");
        const at = position ?? file.pos;
        const n = Math.max(0, Math.min(length, file.node.size - at));
        buffer.set(file.node.data.subarray(at, at + n), offset);
        if (position == null) file.pos = at + n;
        return n;
      });
    },
    write(fd, buffer, offset, length, position, callback) {
      if (!files.has(fd)) return consoleWrite(fd, buffer, offset, length, position, callback);
      call(callback, () => {
        const file = fileOf(fd);
        const node = file.node;
        const at = file.append ? node.size : (position ?? file.pos);
        if (at + length > node.size) resize(node, at + length);
        node.data.set(buffer.subarray(offset, offset + length), at);
        node.mtimeMs = Date.now();
        if (position == null) file.pos = at + length;
        return length;
      });
    },
    ftruncate(fd, length, callback) { call(callback, () => resize(fileOf(fd).node, length)); },
    truncate(path, length, callback) { call(callback, () => resize(lookup(path), length)); },
    mkdir(path, perm, callback) {
      call(callback, () => {
        const p = clean(path);
        if (nodes.has(p)) throw failure("EEXIST");
        create(p, true, perm);
      });
    },
    readdir(path, callback) {
      call(callback, () => {
        const p = clean(path);
        if (!lookup(p).dir) throw failure("ENOTDIR");
        return childrenOf(p).map((child) => child.slice(child.lastIndexOf("/") + 1));
      });
    },
    unlink(path, callback) {
      call(callback, () => {
        const p = clean(path);
        if (lookup(p).dir) throw failure("EISDIR");
        nodes.delete(p);
      });
    },
    rmdir(path, callback) {
      call(callback, () => {
        const p = clean(path);
        if (!lookup(p).dir) throw failure("ENOTDIR");
        if (p === "/") throw failure("EBUSY");
        if (childrenOf(p).length > 0) throw failure("ENOTEMPTY");
        nodes.delete(p);
      });
    },
    rename(from, to, callback) {
      call(callback, () => {
        const src = clean(from);
        const dst = clean(to);
        const node = lookup(src);
        if (src === dst) return;
        if (dst.startsWith(src + "/")) throw failure("EINVAL");
        const old = nodes.get(dst);
        if (old && old.dir !== node.dir) throw failure(old.dir ? "EISDIR" : "ENOTDIR");
        if (old && old.dir && childrenOf(dst).length > 0) throw failure("ENOTEMPTY");
        const parent = nodes.get(parentOf(dst));
        if (!parent) throw failure("ENOENT");
        if (!parent.dir) throw failure("ENOTDIR");
        // A directory moves with everything under it.
        for (const [p, n] of [...nodes]) {
          if (p === src || p.startsWith(src + "/")) {
            nodes.delete(p);
            nodes.set(dst + p.slice(src.length), n);
          }
        }
      });
    },
  });
}
