/* sphinx-copybutton has no Korean messages: this adds them to its message table (the top-level
 * `messages`, `locale`, `iconCopy` and `iconCheck` of copybutton.js, which runs just before this
 * file) before it makes its buttons, when the document has loaded. Korean edition only
 * (_ext/i18n_switch.py adds this file there). */
if (typeof messages !== "undefined" && document.documentElement.lang === "ko") {
  messages.ko = {
    copy: "복사",
    copy_to_clipboard: "클립보드에 복사",
    copy_success: "복사했습니다!",
    copy_failure: "복사하지 못했습니다",
  };
  const title = /<title>[^<]*<\/title>/;
  iconCopy = iconCopy.replace(title, `<title>${messages.ko.copy_to_clipboard}</title>`);
  iconCheck = iconCheck.replace(title, `<title>${messages.ko.copy_success}</title>`);
  locale = "ko";
}
