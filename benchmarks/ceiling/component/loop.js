exports.process = async function () {
  await require('../loop.js')((text) => console.log(`jshost ${text}`));
};
