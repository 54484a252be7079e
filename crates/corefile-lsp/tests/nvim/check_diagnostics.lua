-- Headless Neovim as the client: start `corefile-lint lsp`, open a broken Corefile, wait for the
-- diagnostics and check one (Neovim converts the server's UTF-16 columns to byte columns).
local bin = assert(os.getenv("COREFILE_LINT_BIN"), "COREFILE_LINT_BIN is not set")
local file = assert(os.getenv("COREFILE_NVIM_FILE"), "COREFILE_NVIM_FILE is not set")

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local config = {
  name = "corefile-lint",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
  init_options = { plugins = {}, format = { indentStyle = "spaces", indentWidth = 4 } },
}
-- vim.lsp.start exists from Neovim 0.8; Debian bookworm ships 0.7.
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config)
else
  client_id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, client_id)
end
if not client_id then
  fail("the server did not start")
end

local function stray_brace()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "SYN003" then
      return d
    end
  end
end
if not vim.wait(20000, function()
  return stray_brace() ~= nil
end, 50) then
  fail("no SYN003 diagnostic within 20 s: " .. vim.inspect(vim.diagnostic.get(buf)))
end

local d = stray_brace()
-- Line 3 is `    whoami "ü😀" }`: the `}` is UTF-16 column 17, byte column 20.
local expected = { lnum = 2, col = 20, code = "SYN003", severity = vim.diagnostic.severity.ERROR }
for key, value in pairs(expected) do
  if d[key] ~= value then
    fail(string.format("diagnostic %s is %s, expected %s (%s)", key, tostring(d[key]), tostring(value), vim.inspect(d)))
  end
end

-- Hover through the client too: the request must succeed on the `whoami` directive.
local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 2, character = 6 },
}, 10000)
local hover = responses and responses[client_id] and responses[client_id].result
if not hover or not hover.contents.value:find("whoami", 1, true) then
  fail("hover on `whoami` failed: " .. vim.inspect(responses))
end

print(string.format("ok: %s at %d:%d: %s", d.code, d.lnum + 1, d.col + 1, d.message))
vim.lsp.stop_client(client_id)
vim.cmd("qall!")
