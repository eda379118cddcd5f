//! Saving is atomic: the previous version is kept as NAME.bak, and a save that fails leaves
//! the old file exactly as it was.

mod common;

use common::{NOW, project_with_text, sample_project_path, tag};
use factmark::atomic_file::{backup_path, temp_path, write_atomically};
use factmark::model::Kind;
use factmark::project_file::{load_project, project_to_json, save_project};

#[test]
fn the_previous_version_is_kept_as_bak() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.factmark.json");
    let mut project = project_with_text("First version of the text.");
    save_project(&project, &path).unwrap();
    assert!(
        !backup_path(&path).exists(),
        "nothing to back up on the first save"
    );
    let first = std::fs::read(&path).unwrap();

    tag(&mut project, Kind::Claim, "First version");
    save_project(&project, &path).unwrap();
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), first);
    assert_eq!(load_project(&path).unwrap(), project);
    assert_eq!(
        backup_path(&path).file_name().unwrap(),
        "work.factmark.json.bak"
    );

    // The third save backs up the second version.
    let second = std::fs::read(&path).unwrap();
    project.modified = NOW.replace("10:", "11:");
    save_project(&project, &path).unwrap();
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), second);
    // No temporary file is left behind.
    assert!(!temp_path(&path).exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_stale_temporary_file_from_a_crash_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.factmark.json");
    std::fs::write(temp_path(&path), b"half-written garbage from a killed save").unwrap();
    let project = load_project(&sample_project_path()).unwrap();
    save_project(&project, &path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), project_to_json(&project));
    assert!(!temp_path(&path).exists());
}

#[cfg(unix)]
#[test]
fn a_save_into_a_read_only_folder_fails_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.factmark.json");
    let mut project = project_with_text("Old text that must survive.");
    save_project(&project, &path).unwrap();
    let old = std::fs::read(&path).unwrap();
    tag(&mut project, Kind::Claim, "Old text");

    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores folder permissions; then block the temporary file's name instead, which
    // fails at the same step (creating the temporary file) as a read-only folder does.
    let privileged = std::fs::write(dir.path().join("probe"), b"").is_ok();
    if privileged {
        std::fs::remove_file(dir.path().join("probe")).unwrap();
        std::fs::create_dir(temp_path(&path)).unwrap();
    }
    let error = save_project(&project, &path).unwrap_err();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();

    let message = error.to_string();
    assert!(message.contains("p.factmark.json"), "{message}");
    assert!(message.contains("creating the temporary file"), "{message}");
    assert!(message.contains("not changed"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), old);
    assert!(!backup_path(&path).exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_save_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.factmark.json");
    let mut project = project_with_text("Old text that must survive a full disk.");
    save_project(&project, &path).unwrap();
    let old = std::fs::read(&path).unwrap();
    tag(&mut project, Kind::Dispute, "full disk");
    // Writes to /dev/full fail with "no space left on device".
    std::os::unix::fs::symlink("/dev/full", temp_path(&path)).unwrap();
    let error = save_project(&project, &path).unwrap_err();
    assert!(
        error.to_string().contains("writing the temporary file"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), old);
    assert!(
        std::fs::symlink_metadata(temp_path(&path)).is_err(),
        "the temporary file is cleaned up"
    );
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_updates_the_file_it_points_at() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("synced");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("project.factmark.json");
    std::fs::write(&real, b"old").unwrap();
    let link = dir.path().join("project.factmark.json");
    // A relative link, as `ln -s synced/project.factmark.json` makes.
    std::os::unix::fs::symlink("synced/project.factmark.json", &link).unwrap();

    write_atomically(&link, b"new", true).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(std::fs::read(&real).unwrap(), b"new");
    assert_eq!(
        std::fs::read(real_dir.join("project.factmark.json.bak")).unwrap(),
        b"old",
        "the previous version is kept beside the real file"
    );
    assert!(!dir.path().join("project.factmark.json.bak").exists());
}
