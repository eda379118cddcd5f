//! Every user action that has a name, in one table: its menu text, tooltip and shortcuts.
//! Menus, keyboard handling and the Help ▸ Keyboard shortcuts window all read this table, so
//! they can never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    NewFromArticle,
    NewFromClipboard,
    OpenProject,
    Save,
    SaveAs,
    ArticleDetails,
    UpdateArticle,
    ShowChanges,
    CompareWith,
    Preferences,
    CloseProject,
    Quit,

    Undo,
    Redo,
    TagClaim,
    TagSource,
    TagDispute,
    DeleteAnnotation,
    LinkToClaim,
    Find,
    ClearSelection,

    NextAnnotation,
    PreviousAnnotation,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    TogglePanel,
    ThemeSystem,
    ThemeLight,
    ThemeDark,

    ShowShortcuts,
    OpenSample,
    About,

    Library,
    FindEarlierChecks,
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}
const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}
const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

impl UiCommand {
    /// In the order shortcuts are checked: commands with more modifiers come before those
    /// with fewer on the same key (Ctrl+Shift+Z before Ctrl+Z), as egui matches loosely.
    pub const ALL: [UiCommand; 35] = [
        UiCommand::Redo,
        UiCommand::SaveAs,
        UiCommand::Library,
        UiCommand::FindEarlierChecks,
        UiCommand::NewFromClipboard,
        UiCommand::NewFromArticle,
        UiCommand::OpenProject,
        UiCommand::Save,
        UiCommand::ArticleDetails,
        UiCommand::UpdateArticle,
        UiCommand::ShowChanges,
        UiCommand::CompareWith,
        UiCommand::Preferences,
        UiCommand::CloseProject,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::TagClaim,
        UiCommand::TagSource,
        UiCommand::TagDispute,
        UiCommand::DeleteAnnotation,
        UiCommand::LinkToClaim,
        UiCommand::Find,
        UiCommand::ClearSelection,
        UiCommand::NextAnnotation,
        UiCommand::PreviousAnnotation,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ZoomReset,
        UiCommand::TogglePanel,
        UiCommand::ThemeSystem,
        UiCommand::ThemeLight,
        UiCommand::ThemeDark,
        UiCommand::ShowShortcuts,
        UiCommand::OpenSample,
        UiCommand::About,
    ];

    /// The commands as people look for them, by menu, in menu order (Help ▸ Keyboard
    /// shortcuts lists them so).
    pub const BY_MENU: [(&'static str, &'static [UiCommand]); 5] = [
        (
            "File",
            &[
                UiCommand::NewFromArticle,
                UiCommand::NewFromClipboard,
                UiCommand::OpenProject,
                UiCommand::Save,
                UiCommand::SaveAs,
                UiCommand::CompareWith,
                UiCommand::CloseProject,
                UiCommand::Quit,
            ],
        ),
        (
            "Edit",
            &[
                UiCommand::Undo,
                UiCommand::Redo,
                UiCommand::TagClaim,
                UiCommand::TagSource,
                UiCommand::TagDispute,
                UiCommand::DeleteAnnotation,
                UiCommand::LinkToClaim,
                UiCommand::Find,
                UiCommand::ClearSelection,
                UiCommand::Preferences,
            ],
        ),
        (
            "Article and view",
            &[
                UiCommand::ArticleDetails,
                UiCommand::UpdateArticle,
                UiCommand::ShowChanges,
                UiCommand::NextAnnotation,
                UiCommand::PreviousAnnotation,
                UiCommand::ZoomIn,
                UiCommand::ZoomOut,
                UiCommand::ZoomReset,
                UiCommand::TogglePanel,
                UiCommand::ThemeSystem,
                UiCommand::ThemeLight,
                UiCommand::ThemeDark,
            ],
        ),
        (
            "Library",
            &[UiCommand::Library, UiCommand::FindEarlierChecks],
        ),
        (
            "Help",
            &[
                UiCommand::ShowShortcuts,
                UiCommand::OpenSample,
                UiCommand::About,
            ],
        ),
    ];

    /// Menu text.
    pub fn text(self) -> &'static str {
        match self {
            UiCommand::NewFromArticle => "New from article…",
            UiCommand::NewFromClipboard => "New from clipboard",
            UiCommand::OpenProject => "Open project…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::ArticleDetails => "Article details…",
            UiCommand::Preferences => "Preferences…",
            UiCommand::UpdateArticle => "Update text…",
            UiCommand::ShowChanges => "Show changes",
            UiCommand::CompareWith => "Compare with…",
            UiCommand::CloseProject => "Close project",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::TagClaim => "Tag as claim",
            UiCommand::TagSource => "Tag as source",
            UiCommand::TagDispute => "Tag as dispute",
            UiCommand::DeleteAnnotation => "Delete annotation",
            UiCommand::LinkToClaim => "Link to claim…",
            UiCommand::Find => "Find in annotations",
            UiCommand::ClearSelection => "Clear selection",
            UiCommand::NextAnnotation => "Next annotation",
            UiCommand::PreviousAnnotation => "Previous annotation",
            UiCommand::ZoomIn => "Zoom in",
            UiCommand::ZoomOut => "Zoom out",
            UiCommand::ZoomReset => "Actual size",
            UiCommand::TogglePanel => "Annotation panel",
            UiCommand::ThemeSystem => "Follow system theme",
            UiCommand::ThemeLight => "Light theme",
            UiCommand::ThemeDark => "Dark theme",
            UiCommand::ShowShortcuts => "Keyboard shortcuts",
            UiCommand::OpenSample => "Open sample project",
            UiCommand::About => "About Factmark",
            UiCommand::Library => "Library…",
            UiCommand::FindEarlierChecks => "Find earlier checks for every claim",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::NewFromArticle => {
                "Start a new project from an article: a saved web page, Markdown or text file"
            }
            UiCommand::NewFromClipboard => {
                "Start a new project from the text or web page on the clipboard"
            }
            UiCommand::UpdateArticle => {
                "Load a newer version of the article; annotations move with their words, and the ones that cannot are listed for review"
            }
            UiCommand::ShowChanges => {
                "What changed in the last update of the article text, and which annotations it touched"
            }
            UiCommand::OpenProject => "Open a Factmark project file",
            UiCommand::CompareWith => {
                "Compare with another checker's project of the same article: their spans as a second track, agreement figures, and their disagreements to step through and take over"
            }
            UiCommand::Save => "Save the project (asks for a name the first time)",
            UiCommand::SaveAs => "Save the project under a new name",
            UiCommand::ArticleDetails => {
                "Edit the article's title, URL, outlet, author, dates and language"
            }
            UiCommand::Preferences => {
                "Your name for new annotations, your organization for ClaimReview exports"
            }
            UiCommand::CloseProject => "Close the project and go back to the welcome screen",
            UiCommand::Quit => "Quit Factmark",
            UiCommand::Undo => "Undo the last change to the project",
            UiCommand::Redo => "Redo the last undone change",
            UiCommand::TagClaim => "Tag the selected text as a claim: a checkable statement",
            UiCommand::TagSource => {
                "Tag the selected text as a source: who or what the article cites"
            }
            UiCommand::TagDispute => {
                "Tag the selected text as a dispute: text that contests a claim"
            }
            UiCommand::DeleteAnnotation => "Delete the selected annotation",
            UiCommand::LinkToClaim => {
                "Link the selected source or dispute to a claim: click the claim in the text"
            }
            UiCommand::Find => {
                "Search the annotations' quotes, notes, claimants, claims as checked, explanations and evidence"
            }
            UiCommand::ClearSelection => "Clear the text selection and the selected annotation",
            UiCommand::NextAnnotation => "Select the next annotation in the list and scroll to it",
            UiCommand::PreviousAnnotation => {
                "Select the previous annotation in the list and scroll to it"
            }
            UiCommand::ZoomIn => "Make everything larger",
            UiCommand::ZoomOut => "Make everything smaller",
            UiCommand::ZoomReset => "Reset the zoom to 100%",
            UiCommand::TogglePanel => {
                "Show or hide the annotation panel, to give a small window to the article"
            }
            UiCommand::ThemeSystem => "Use the light or dark theme as the system does",
            UiCommand::ThemeLight => "Always use the light theme",
            UiCommand::ThemeDark => "Always use the dark theme",
            UiCommand::ShowShortcuts => "Show every keyboard shortcut",
            UiCommand::OpenSample => {
                "Open the bundled sample project (a copy; save it where you like)"
            }
            UiCommand::About => "Version and licence information",
            UiCommand::Library => {
                "Search every claim checked before: your saved projects and the ClaimReview feeds added to the library"
            }
            UiCommand::FindEarlierChecks => {
                "Find earlier checks for every claim in this article, listed in the panel"
            }
        }
    }

    /// Shortcuts; the first is the one shown in menus.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const NEW: [KeyboardShortcut; 1] = [cmd(Key::N)];
        const NEW_FROM_CLIPBOARD: [KeyboardShortcut; 1] = [cmd_shift(Key::V)];
        const UPDATE_ARTICLE: [KeyboardShortcut; 1] = [cmd(Key::U)];
        const OPEN: [KeyboardShortcut; 1] = [cmd(Key::O)];
        const SAVE: [KeyboardShortcut; 1] = [cmd(Key::S)];
        const SAVE_AS: [KeyboardShortcut; 1] = [cmd_shift(Key::S)];
        const CLOSE: [KeyboardShortcut; 1] = [cmd(Key::W)];
        const QUIT: [KeyboardShortcut; 1] = [cmd(Key::Q)];
        const UNDO: [KeyboardShortcut; 1] = [cmd(Key::Z)];
        const REDO: [KeyboardShortcut; 2] = [cmd_shift(Key::Z), cmd(Key::Y)];
        const CLAIM: [KeyboardShortcut; 2] = [key(Key::C), key(Key::Num1)];
        const SOURCE: [KeyboardShortcut; 2] = [key(Key::S), key(Key::Num2)];
        const DISPUTE: [KeyboardShortcut; 2] = [key(Key::D), key(Key::Num3)];
        const DELETE: [KeyboardShortcut; 2] = [key(Key::Delete), key(Key::Backspace)];
        const LINK: [KeyboardShortcut; 1] = [key(Key::L)];
        const FIND: [KeyboardShortcut; 1] = [cmd(Key::F)];
        const CLEAR: [KeyboardShortcut; 1] = [key(Key::Escape)];
        const NEXT: [KeyboardShortcut; 2] = [key(Key::J), key(Key::ArrowDown)];
        const PREVIOUS: [KeyboardShortcut; 2] = [key(Key::K), key(Key::ArrowUp)];
        const ZOOM_IN: [KeyboardShortcut; 2] = [cmd(Key::Plus), cmd(Key::Equals)];
        const ZOOM_OUT: [KeyboardShortcut; 1] = [cmd(Key::Minus)];
        const ZOOM_RESET: [KeyboardShortcut; 1] = [cmd(Key::Num0)];
        const PANEL: [KeyboardShortcut; 1] = [cmd(Key::B)];
        const SHORTCUTS: [KeyboardShortcut; 1] = [key(Key::F1)];
        const PREFERENCES: [KeyboardShortcut; 1] = [cmd(Key::Comma)];
        const LIBRARY: [KeyboardShortcut; 1] = [cmd_shift(Key::L)];
        match self {
            UiCommand::NewFromArticle => &NEW,
            UiCommand::NewFromClipboard => &NEW_FROM_CLIPBOARD,
            UiCommand::UpdateArticle => &UPDATE_ARTICLE,
            UiCommand::OpenProject => &OPEN,
            UiCommand::Save => &SAVE,
            UiCommand::SaveAs => &SAVE_AS,
            UiCommand::CloseProject => &CLOSE,
            UiCommand::Quit => &QUIT,
            UiCommand::Undo => &UNDO,
            UiCommand::Redo => &REDO,
            UiCommand::TagClaim => &CLAIM,
            UiCommand::TagSource => &SOURCE,
            UiCommand::TagDispute => &DISPUTE,
            UiCommand::DeleteAnnotation => &DELETE,
            UiCommand::LinkToClaim => &LINK,
            UiCommand::Find => &FIND,
            UiCommand::ClearSelection => &CLEAR,
            UiCommand::NextAnnotation => &NEXT,
            UiCommand::PreviousAnnotation => &PREVIOUS,
            UiCommand::ZoomIn => &ZOOM_IN,
            UiCommand::ZoomOut => &ZOOM_OUT,
            UiCommand::ZoomReset => &ZOOM_RESET,
            UiCommand::TogglePanel => &PANEL,
            UiCommand::ShowShortcuts => &SHORTCUTS,
            UiCommand::Preferences => &PREFERENCES,
            UiCommand::Library => &LIBRARY,
            UiCommand::ArticleDetails
            | UiCommand::ShowChanges
            | UiCommand::CompareWith
            | UiCommand::ThemeSystem
            | UiCommand::ThemeLight
            | UiCommand::ThemeDark
            | UiCommand::OpenSample
            | UiCommand::About
            | UiCommand::FindEarlierChecks => &[],
        }
    }

    /// Plain-key shortcuts (no Ctrl/Cmd) must not fire while the user is typing in a field.
    pub fn shortcut_is_plain_key(shortcut: &KeyboardShortcut) -> bool {
        !shortcut.modifiers.command && !shortcut.modifiers.ctrl && !shortcut.modifiers.mac_cmd
    }

    /// The commands whose shortcut was pressed this frame (consuming the key events).
    /// Plain-key shortcuts are skipped while a text field has keyboard focus, or while a
    /// window that asks for text is open (`asking_for_text`: what is typed is meant for it,
    /// even in a frame where its field does not have the keyboard), except Escape, which
    /// always clears the selection.
    pub fn pressed(ctx: &egui::Context, asking_for_text: bool) -> Vec<UiCommand> {
        let typing = asking_for_text || ctx.egui_wants_keyboard_input();
        let mut pressed = Vec::new();
        ctx.input_mut(|input| {
            for command in Self::ALL {
                for shortcut in command.shortcuts() {
                    let plain = Self::shortcut_is_plain_key(shortcut);
                    if plain && typing && shortcut.logical_key != Key::Escape {
                        continue;
                    }
                    // Shift+letter is for the text selection, not for tagging.
                    if plain && input.modifiers.shift {
                        continue;
                    }
                    // Every press counts: keys pressed twice within one frame (quick
                    // typing, key repeat on a slow machine) are two steps, not one.
                    let n = input.count_and_consume_key(shortcut.modifiers, shortcut.logical_key);
                    pressed.extend(std::iter::repeat_n(command, n));
                }
            }
        });
        pressed
    }

    /// The primary shortcut as text for menus and the shortcuts window ("Ctrl+S").
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s))
    }

    /// All shortcuts, joined ("C or 1").
    pub fn all_shortcuts_text(self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .iter()
            .map(|s| ctx.format_shortcut(s))
            .collect::<Vec<_>>()
            .join(" or ")
    }

    /// A menu entry for this command; returns whether it was clicked.
    pub fn menu_item(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        self.menu_item_with_text(ui, enabled, self.text())
    }

    /// A menu entry with different text (e.g. "Undo add claim").
    pub fn menu_item_with_text(self, ui: &mut egui::Ui, enabled: bool, text: &str) -> bool {
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = self.shortcut_text(ui.ctx()) {
            button = button.shortcut_text(shortcut);
        }
        ui.add_enabled(enabled, button)
            .on_hover_text(self.tooltip())
            .clicked()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_grouping_lists_every_command_once() {
        let grouped: Vec<UiCommand> = UiCommand::BY_MENU
            .iter()
            .flat_map(|(_, commands)| commands.iter().copied())
            .collect();
        assert_eq!(grouped.len(), UiCommand::ALL.len());
        for c in UiCommand::ALL {
            assert_eq!(grouped.iter().filter(|&&g| g == c).count(), 1, "{c:?}");
        }
    }

    #[test]
    fn every_command_is_listed_once_and_no_shortcut_is_shared() {
        let mut seen = std::collections::HashSet::new();
        for c in UiCommand::ALL {
            assert!(seen.insert(c), "{c:?} listed twice");
        }
        let mut shortcuts = std::collections::HashMap::new();
        for c in UiCommand::ALL {
            for s in c.shortcuts() {
                if let Some(other) =
                    shortcuts.insert((s.modifiers.command, s.modifiers.shift, s.logical_key), c)
                {
                    panic!("{c:?} and {other:?} share a shortcut");
                }
            }
        }
    }
}
