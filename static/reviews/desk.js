// The reviewer's desk: "j" or Enter takes the next claim (outside form fields).
document.addEventListener("keydown", function (e) {
  if (e.target.closest("input, textarea, select")) return;
  if (e.key === "j" || e.key === "Enter") {
    e.preventDefault();
    document.getElementById("next-claim").click();
  }
});
