//! Writing outputs: only when the bytes change (so cargo does not rebuild), atomically (a
//! temporary file in the same directory, then a rename, so no reader sees half a file), and
//! all of one run's outputs or none of them.

use std::hash::{BuildHasher, RandomState};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What was done to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The file already held these bytes and was not touched.
    Unchanged,
    /// The file held other bytes and was replaced.
    Changed,
    /// There was no such file: it was created.
    Created,
}

/// Writes `bytes` to `path` unless it already holds them: [`write_all`] of one file.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    write_all(&[(path.to_path_buf(), bytes)]).map(|written| written[0])
}

/// Writes each `(path, bytes)` whose file does not already hold them, all or none: each is
/// [`Staged`], then [`commit`]ted.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> std::io::Result<Vec<Written>> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let mut file = Staged::new(path)?;
        file.write_all(bytes)?;
        staged.push(file);
    }
    commit(staged)
}

/// An output being written, in full, to a temporary file beside its path (created new, under
/// an unpredictable name, so nothing planted there is followed; temporary files a killed run
/// left beside the output are removed first). [`commit`] puts it in place; dropped before
/// that, it is removed. What is written is compared with the file already at `path` as it
/// goes, so that an unchanged output is known without reading either back.
pub struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    /// The file at `path`, against what is written.
    old: Compare,
}

impl Staged {
    /// Starts the output that goes to `path`.
    pub fn new(path: &Path) -> std::io::Result<Staged> {
        let tmp = temporary(path)?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        Ok(Staged {
            path: path.to_path_buf(),
            tmp,
            file: std::io::BufWriter::with_capacity(256 * 1024, file),
            old: Compare::new(path),
        })
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.file.write_all(buf)?;
        self.old.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Committed, it is no longer there; otherwise it is a half-made output.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Stages the outputs of one run, and remembers the directories it made for them, so that a
/// run that fails before [`commit`] leaves nothing behind ([`Stager::abandon`]).
#[derive(Debug, Default)]
pub struct Stager {
    made: std::sync::Mutex<Vec<PathBuf>>,
}

impl Stager {
    /// [`Staged::new`], noting the directories above `path` that do not exist yet.
    pub fn stage(&self, path: &Path) -> std::io::Result<Staged> {
        let missing: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .filter(|dir| !dir.as_os_str().is_empty())
            .take_while(|dir| !dir.exists())
            .map(Path::to_path_buf)
            .collect();
        let staged = Staged::new(path);
        if let Ok(mut made) = self.made.lock() {
            made.extend(missing.into_iter().filter(|dir| dir.is_dir()));
        }
        staged
    }

    /// Removes the directories this run made, deepest first, where they are empty (its
    /// staged files are removed as they are dropped).
    pub fn abandon(self) {
        let mut made = self.made.into_inner().unwrap_or_default();
        // Outputs staged side by side may both have noted a directory.
        made.sort_by(|a, b| {
            b.components()
                .count()
                .cmp(&a.components().count())
                .then(a.cmp(b))
        });
        made.dedup();
        for dir in made {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Puts each staged output in place unless its file already holds the same bytes, all or
/// none: only when every one is written in full is any renamed into place. On an error the
/// temporary files are removed and no output has changed (short of a rename failing after
/// others succeeded, which a full disk cannot cause).
pub fn commit(mut staged: Vec<Staged>) -> std::io::Result<Vec<Written>> {
    let mut written = Vec::with_capacity(staged.len());
    for file in &mut staged {
        // No fsync: the rename is what keeps readers from a half-written file, and a file
        // lost to a power cut is regenerated by the next run. Syncing a large spec's
        // outputs cost more than generating them (cargo and prost-build do not either).
        file.flush()?;
        written.push(match file.old.held() {
            Held::Same => Written::Unchanged,
            Held::Differs => Written::Changed,
            Held::Missing => Written::Created,
        });
    }
    // What would make a rename fail, found before the first rename.
    if let Some(file) = staged.iter().find(|f| f.path.is_dir()) {
        return Err(std::io::Error::other(format!(
            "{} is a directory",
            file.path.display()
        )));
    }
    for (file, written) in staged.iter().zip(&written) {
        if *written != Written::Unchanged {
            std::fs::rename(&file.tmp, &file.path)?;
        }
    }
    Ok(written)
}

/// What a file holds, against what was written to its [`Compare`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// The same bytes.
    Same,
    /// Other bytes.
    Differs,
    /// There is no file (or it cannot be read).
    Missing,
}

/// A sink that compares what is written to it with the file at a path, a block at a time,
/// instead of writing it (a 36 MB output is never whole in memory beside the file's).
pub struct Compare {
    file: Option<std::io::BufReader<std::fs::File>>,
    same: bool,
    block: Vec<u8>,
}

impl Compare {
    /// Compares with the file at `path`.
    pub fn new(path: &Path) -> Compare {
        let file = std::fs::File::open(path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()));
        Compare {
            same: file.is_some(),
            file: file.map(|f| std::io::BufReader::with_capacity(64 * 1024, f)),
            block: Vec::new(),
        }
    }

    /// Whether the file held what was written, no more and no less (asked once: the file is
    /// then read to its end).
    pub fn held(&mut self) -> Held {
        use std::io::Read;
        let Some(file) = self.file.as_mut() else {
            return Held::Missing;
        };
        let at_end = matches!(file.read(&mut [0]), Ok(0));
        if self.same && at_end {
            Held::Same
        } else {
            Held::Differs
        }
    }
}

impl Write for Compare {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use std::io::Read;
        if let Some(file) = self.file.as_mut() {
            for chunk in buf.chunks(64 * 1024) {
                if !self.same {
                    break;
                }
                self.block.resize(chunk.len(), 0);
                self.same = file.read_exact(&mut self.block).is_ok() && self.block == chunk;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A new temporary file's path beside `path` (its directory created), after removing the
/// ones a killed run left there.
fn temporary(path: &Path) -> std::io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    for entry in std::fs::read_dir(dir)?.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    // RandomState's keys come from the OS's randomness: a name nobody can plant in advance.
    let random = RandomState::new().hash_one(std::process::id());
    Ok(dir.join(format!("{prefix}{}-{random:016x}.tmp", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("eventspec-write-{}", std::process::id()));
        let path = dir.join("sub/out.rs");
        assert_eq!(write_if_changed(&path, b"one").unwrap(), Written::Created);
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(write_if_changed(&path, b"one").unwrap(), Written::Unchanged);
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
        assert_eq!(write_if_changed(&path, b"on").unwrap(), Written::Changed);
        assert_eq!(write_if_changed(&path, b"two").unwrap(), Written::Changed);
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        // Compared a block at a time: a difference in the last byte of the last block counts.
        let big = vec![b'x'; 200_000];
        assert_eq!(write_if_changed(&path, &big).unwrap(), Written::Changed);
        assert_eq!(write_if_changed(&path, &big).unwrap(), Written::Unchanged);
        let mut other = big.clone();
        other[199_999] = b'y';
        assert_eq!(write_if_changed(&path, &other).unwrap(), Written::Changed);
        assert_eq!(std::fs::read(&path).unwrap(), other);
        let entries: Vec<_> = std::fs::read_dir(dir.join("sub")).unwrap().collect();
        assert_eq!(entries.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A symlink planted where the temporary file used to go (its name was predictable) is
    /// not written through.
    #[test]
    fn a_planted_symlink_is_not_followed() {
        let dir = std::env::temp_dir().join(format!("eventspec-link-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let planted = dir.join(format!(".out.rs.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        assert_eq!(
            write_if_changed(&dir.join("out.rs"), b"generated").unwrap(),
            Written::Created
        );
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(dir.join("out.rs")).unwrap(), b"generated");
        // The planted link, a leftover of the output's own name pattern, is gone.
        assert!(std::fs::symlink_metadata(&planted).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// When one output cannot be written, none changes and no temporary file is left.
    #[test]
    fn all_outputs_or_none() {
        let dir = std::env::temp_dir().join(format!("eventspec-all-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.rs"), dir.join("b.md"));
        std::fs::write(&a, b"old a").unwrap();
        std::fs::write(&b, b"old b").unwrap();
        // The third output cannot be written: a directory where it goes, or a file where its
        // directory goes.
        std::fs::create_dir_all(dir.join("blocked/inside")).unwrap();
        std::fs::write(dir.join("file"), b"").unwrap();
        for third in [dir.join("blocked"), dir.join("file/c.rst")] {
            let files = [
                (a.clone(), &b"new a"[..]),
                (b.clone(), &b"new b"[..]),
                (third, &b"x"[..]),
            ];
            assert!(write_all(&files).is_err());
            assert_eq!(std::fs::read(&a).unwrap(), b"old a");
            assert_eq!(std::fs::read(&b).unwrap(), b"old b");
        }
        let left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file is the same only with every byte and no more; a missing one is missing.
    #[test]
    fn compare_finds_each_difference() {
        let dir = std::env::temp_dir().join(format!("eventspec-cmp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let held = |written: &[&[u8]]| {
            let mut c = Compare::new(&path);
            for w in written {
                c.write_all(w).unwrap();
            }
            c.held()
        };
        assert_eq!(held(&[&text]), Held::Same);
        assert_eq!(held(&[&text[..70_000], &text[70_000..]]), Held::Same);
        assert_eq!(held(&[&text[..199_999]]), Held::Differs);
        assert_eq!(held(&[&text, b"x"]), Held::Differs);
        let mut other = text.clone();
        other[150_000] ^= 1;
        assert_eq!(held(&[&other]), Held::Differs);
        assert_eq!(Compare::new(&dir.join("none")).held(), Held::Missing);
        assert_eq!(Compare::new(&dir).held(), Held::Missing);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A run abandoned before its commit leaves no temporary file, and removes the directories
    /// it made but not those that were there.
    #[test]
    fn an_abandoned_run_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("eventspec-abandon-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("kept")).unwrap();
        let stager = Stager::default();
        let mut a = stager.stage(&dir.join("made/deeper/a.rs")).unwrap();
        let mut b = stager.stage(&dir.join("made/b.md")).unwrap();
        let mut c = stager.stage(&dir.join("kept/c.rst")).unwrap();
        for s in [&mut a, &mut b, &mut c] {
            s.write_all(b"half").unwrap();
        }
        drop((a, b, c));
        stager.abandon();
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["kept"]);
        assert_eq!(std::fs::read_dir(dir.join("kept")).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
